// The question view (answer, key points, follow-ups, related APIs and questions, "Quiz me") and
// the API card view, sharing the renderer of the quiz panel.
import '../common/base.css';
import type { ApiCardViewModel, QuestionViewModel, ToWebview } from '../protocol';
import { renderMarkdown, RESTRICTED_NOTE } from '../common/render';
import { connect, el, setRendered, wireContentLinks, focusIfActive } from '../common/vscodeApi';

type Saved = { kind: 'question'; model: QuestionViewModel } | { kind: 'api'; model: ApiCardViewModel };
const app = document.getElementById('app')!;
const vscode = connect<Saved>((msg: ToWebview) => {
  if (msg.type === 'question') show({ kind: 'question', model: msg.model });
  else if (msg.type === 'apiCard') show({ kind: 'api', model: msg.model });
  else if (msg.type === 'error') app.replaceChildren(el('p', { role: 'alert' }, msg.message));
});
wireContentLinks(app, (m) => vscode.postMessage(m));

function show(s: Saved): void {
  vscode.setState(s);
  if (s.kind === 'question') renderQuestion(s.model);
  else renderApi(s.model);
  focusIfActive(document.querySelector<HTMLElement>('h1'));
}

function linkList(items: { label: string; onClick: () => void }[]): HTMLElement {
  const ul = el('ul');
  for (const it of items) {
    const a = el('a', { href: '#' }, it.label);
    a.addEventListener('click', (e) => {
      e.preventDefault();
      it.onClick();
    });
    ul.append(el('li', {}, a));
  }
  return ul;
}

function renderQuestion(q: QuestionViewModel): void {
  app.replaceChildren();
  const quiz = el('button', { id: 'quiz-me' }, 'Quiz me on this');
  quiz.addEventListener('click', () => vscode.postMessage({ type: 'quizQuestion', id: q.id }));
  app.append(
    el('h1', { tabindex: '-1' }, q.title),
    el('p', { class: 'muted' }, el('span', { class: 'badge' }, q.topicTitle), el('span', { class: 'badge' }, q.difficulty), q.mastery === undefined ? 'not studied yet' : `recall ${Math.round(q.mastery * 100)} %`),
  );
  if (q.restricted) app.append(el('p', { class: 'muted' }, RESTRICTED_NOTE));
  const kp = el('section', { class: 'card', 'aria-label': 'Key points' }, el('h2', {}, 'What an interviewer listens for'));
  const ul = el('ul');
  for (const k of q.keyPoints) ul.append(setRendered(el('li'), renderMarkdown(k, { inline: true, restricted: q.restricted })));
  kp.append(ul);
  app.append(kp);
  app.append(setRendered(el('article', { class: 'answer' }), renderMarkdown(q.body, { restricted: q.restricted })));
  if (q.apis.length) {
    app.append(el('h2', {}, 'In code'));
    app.append(linkList(q.apis.map((a) => ({ label: `${a.title} (${a.symbol})`, onClick: () => vscode.postMessage({ type: 'openApi', symbol: a.symbol }) }))));
  }
  if (q.related.length) {
    app.append(el('h2', {}, 'Related questions'));
    app.append(linkList(q.related.map((r) => ({ label: r.title, onClick: () => vscode.postMessage({ type: 'openQuestion', id: r.id }) }))));
  }
  app.append(el('div', { class: 'actions' }, quiz));
}

function renderApi(c: ApiCardViewModel): void {
  app.replaceChildren();
  app.append(el('h1', { tabindex: '-1' }, c.title), el('p', {}, el('code', {}, c.symbol)));
  if (c.legacy) app.append(el('p', { class: 'card', role: 'note' }, el('strong', {}, 'Legacy API. '), c.legacy.note, ' Use: ', el('code', {}, c.legacy.replacement)));
  app.append(setRendered(el('p'), renderMarkdown(c.summary, { inline: true })));
  if (c.interpreted?.length) {
    const box = el('section', { class: 'card', 'aria-label': 'Your call' }, el('h2', {}, 'Your call'));
    const ul = el('ul');
    // These lines quote the user's own code (string literals included): shown as text, never as
    // Markdown, so a literal like "[a](https://…)" cannot become a link.
    for (const line of c.interpreted) ul.append(el('li', {}, line));
    box.append(ul);
    app.append(box);
  }
  if (c.params.length) {
    const table = el('table');
    table.append(el('thead', {}, el('tr', {}, el('th', {}, 'Parameter'), el('th', {}, 'Meaning'), el('th', {}, 'Typical'))));
    const tb = el('tbody');
    for (const p of c.params) {
      tb.append(el('tr', {}, el('td', {}, el('code', {}, p.name)), setRendered(el('td'), renderMarkdown(p.meaning, { inline: true })), setRendered(el('td'), renderMarkdown(p.typical ?? '', { inline: true }))));
    }
    table.append(tb);
    app.append(el('h2', {}, 'Parameters'), table);
  }
  if (c.pitfalls.length) {
    const ul = el('ul');
    for (const p of c.pitfalls) ul.append(setRendered(el('li'), renderMarkdown(p, { inline: true })));
    app.append(el('h2', {}, 'Pitfalls'), ul);
  }
  app.append(setRendered(el('article'), renderMarkdown(c.body)));
  if (c.questions.length) {
    app.append(el('h2', {}, 'Interview questions on this'));
    app.append(linkList(c.questions.map((q) => ({ label: q.title, onClick: () => vscode.postMessage({ type: 'openQuestion', id: q.id }) }))));
  }
}

const saved = vscode.getState();
if (saved) show(saved);
else app.append(el('p', { class: 'muted' }, 'Loading…'));
vscode.postMessage({ type: 'ready' });
