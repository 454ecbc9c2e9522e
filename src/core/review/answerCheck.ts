// Checks a learner's answer to one quiz item and suggests an FSRS rating. Free-text answers are
// graded by an injected semantic grader (src/core/search); the learner confirms the suggestion.
import type { QuizItem } from '../content/types';
import type { RatingValue } from './fsrsScheduler';

export type Answer =
  | { type: 'mcq'; choice: number }
  | { type: 'multi'; choices: number[] }
  | { type: 'truefalse'; value: boolean }
  | { type: 'cloze'; text: string }
  | { type: 'free'; text: string };

export interface AnswerResult {
  correct: boolean;
  /** 0..1; for multi-select, the share of options judged right. */
  score: number;
  suggested: RatingValue;
  reasons: string[];
}

export type FreeTextGrader = (answer: string, item: Extract<QuizItem, { type: 'free' }>) => Promise<{ rating: RatingValue; score: number; reasons: string[] }>;

/**
 * The form cloze answers are compared in: case, spacing, dash and quote styles and punctuation do
 * not count ("rank (d)" = "rank(d)", "x_1, ... , x_{t-1}" = "x_1,...,x_{t-1}", "pre–fill" =
 * "pre-fill"); thousands separators and decimal points between digits do ("65,536" = "65536").
 * Punctuation becomes a space before spaces are collapsed, so where it stood does not matter.
 */
export function normaliseCloze(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/[\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb]/g, "'")
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/[,;:!?"'`()]/g, ' ')
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

export function clozeMatches(answer: string, accepted: readonly string[]): boolean {
  const a = normaliseCloze(answer);
  if (!a) return false;
  return accepted.some((x) => {
    const n = normaliseCloze(String(x));
    if (n === a) return true;
    const na = Number(a.replace(/,/g, ''));
    const nx = Number(n.replace(/,/g, ''));
    return Number.isFinite(na) && Number.isFinite(nx) && Math.abs(na - nx) <= 1e-9 * Math.max(1, Math.abs(nx));
  });
}

export async function checkAnswer(item: QuizItem, answer: Answer, gradeFree?: FreeTextGrader): Promise<AnswerResult> {
  if (answer.type !== item.type) throw new Error(`answer of type ${answer.type} for a ${item.type} item`);
  switch (item.type) {
    case 'mcq': {
      const a = answer as Extract<Answer, { type: 'mcq' }>;
      const correct = item.options[a.choice]?.correct === true;
      return { correct, score: correct ? 1 : 0, suggested: correct ? 3 : 1, reasons: [] };
    }
    case 'multi': {
      const chosen = new Set((answer as Extract<Answer, { type: 'multi' }>).choices);
      let right = 0;
      item.options.forEach((o, i) => {
        if (o.correct === chosen.has(i)) right++;
      });
      const score = right / item.options.length;
      const correct = right === item.options.length;
      return { correct, score, suggested: correct ? 3 : score >= 0.75 ? 2 : 1, reasons: correct ? [] : [`${right} of ${item.options.length} options judged right`] };
    }
    case 'truefalse': {
      const correct = (answer as Extract<Answer, { type: 'truefalse' }>).value === item.answer;
      return { correct, score: correct ? 1 : 0, suggested: correct ? 3 : 1, reasons: [] };
    }
    case 'cloze': {
      const correct = clozeMatches((answer as Extract<Answer, { type: 'cloze' }>).text, item.answers);
      return { correct, score: correct ? 1 : 0, suggested: correct ? 3 : 1, reasons: [] };
    }
    case 'free': {
      const text = (answer as Extract<Answer, { type: 'free' }>).text.trim();
      if (!text) return { correct: false, score: 0, suggested: 1, reasons: ['no answer given'] };
      if (!gradeFree) return { correct: false, score: 0, suggested: 2, reasons: ['compare your answer with the key points and rate yourself'] };
      try {
        const g = await gradeFree(text, item);
        return { correct: g.rating >= 3, score: g.score, suggested: g.rating, reasons: g.reasons };
      } catch {
        // The grader (the embedding model) failing must not cost the learner the answer: they rate it.
        return { correct: false, score: 0, suggested: 2, reasons: ['automatic grading failed (see GenAI Lens: Show Log); compare your answer with the key points and rate yourself'] };
      }
    }
  }
}
