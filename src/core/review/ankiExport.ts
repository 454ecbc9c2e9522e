// A CSV that Anki imports as Basic notes (Front, Back, Tags): one note per quiz item, with the
// question's answer summary on the back. Anki's CSV import reads the #separator/#html headers.
import type { Bank, QuizItem } from '../content/types';

function escapeCsv(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

function front(item: QuizItem): string {
  switch (item.type) {
    case 'mcq':
    case 'multi':
      return `${item.prompt}<br><ol type="A">${item.options.map((o) => `<li>${html(o.text)}</li>`).join('')}</ol>`;
    default:
      return html(item.prompt);
  }
}

function back(item: QuizItem, keyPoints: string[]): string {
  let answer: string;
  switch (item.type) {
    case 'mcq':
    case 'multi':
      answer = item.options
        .map((o, i) => `${String.fromCharCode(65 + i)}. ${o.correct ? '<b>✓</b>' : '✗'} ${html(o.text)}: ${html(o.explanation)}`)
        .join('<br>');
      break;
    case 'truefalse':
      answer = `<b>${item.answer ? 'True' : 'False'}</b>. ${html(item.explanation)}`;
      break;
    case 'cloze':
      answer = `<b>${html(item.answers[0] ?? '')}</b>. ${html(item.explanation)}`;
      break;
    case 'free':
      answer = html(item.modelAnswer);
  }
  return `${answer}<br><br><i>Key points</i><ul>${keyPoints.map((k) => `<li>${html(k)}</li>`).join('')}</ul>`;
}

function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function toAnkiCsv(bank: Bank): string {
  const lines = ['#separator:Comma', '#html:true', '#columns:Front,Back,Tags', '#tags column:3'];
  for (const q of bank.questions) {
    const tags = [`genai-lens::${q.topic}`, q.difficulty, ...q.tags.map((t) => t.replace(/\s+/g, '-'))].join(' ');
    for (const item of q.quiz) lines.push([escapeCsv(front(item)), escapeCsv(back(item, q.keyPoints)), escapeCsv(tags)].join(','));
  }
  return `${lines.join('\n')}\n`;
}
