// The quiz panel: one item at a time, answer → explanation of every option → rating (1–4).
// Fully keyboard-driven; state survives a window reload through setState/getState.
import '../common/base.css';
import './quiz.css';
import type { ClientItem, ClientResult, QuizViewState, Rating, SessionSummary, ToWebview } from '../protocol';
import { renderMarkdown, RESTRICTED_NOTE } from '../common/render';
import { connect, el, setRendered, wireContentLinks, focusIfActive } from '../common/vscodeApi';

const RATING_NAMES: Record<Rating, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };
const app = document.getElementById('app')!;
const live = document.getElementById('live')!;
let state: QuizViewState | undefined;
let selection = new Set<number>();
let itemShownAt = Date.now();
let pending = false;

const vscode = connect<QuizViewState>(onMessage);
wireContentLinks(app, (m) => vscode.postMessage(m));

function onMessage(msg: ToWebview): void {
  switch (msg.type) {
    case 'quiz':
      state = msg.state;
      selection = new Set();
      itemShownAt = Date.now();
      save();
      render();
      break;
    case 'result':
      if (!state) return;
      pending = false;
      state.results[msg.result.itemId] = msg.result;
      save();
      render();
      announce(`${msg.result.correct ? 'Correct' : 'Not quite'}. Suggested rating: ${RATING_NAMES[msg.result.suggested]}.`);
      break;
    case 'summary':
      if (!state) return;
      state.summary = msg.summary;
      save();
      render();
      announce(`Session complete: ${msg.summary.correct} of ${msg.summary.answered} correct.`);
      break;
    case 'error':
      pending = false;
      announce(msg.message);
      app.prepend(el('p', { class: 'verdict no', role: 'alert' }, msg.message));
      break;
  }
}

function save(): void {
  if (!state) return;
  vscode.setState(state);
  vscode.postMessage({ type: 'persist', state });
}

function announce(text: string): void {
  live.textContent = '';
  window.setTimeout(() => (live.textContent = text), 30);
}

function current(): ClientItem | undefined {
  return state ? state.items[state.index] : undefined;
}

/** User questions from an untrusted workspace are data only: no links, no HTML. Anything not
 *  explicitly unrestricted (e.g. a state saved by an older version) is treated as restricted. */
function isRestricted(item: ClientItem): boolean {
  return item.restricted !== false;
}

function render(): void {
  app.replaceChildren();
  if (!state) {
    app.append(el('p', { class: 'muted' }, 'Preparing your quiz…'));
    return;
  }
  if (state.summary) return renderSummary(state.summary);
  const item = current();
  if (!item) {
    if (state.items.length === 0) {
      app.append(el('h1', {}, state.title), el('p', {}, 'Nothing to review right now: no items are due and today’s new items are done.'));
      const again = el('button', { id: 'new-session' }, 'Practise anyway');
      again.addEventListener('click', () => vscode.postMessage({ type: 'newSession' }));
      app.append(el('div', { class: 'actions' }, again));
      focusIfActive(again);
      return;
    }
    vscode.postMessage({ type: 'finish' });
    app.append(el('p', { class: 'muted' }, 'Summing up…'));
    return;
  }
  const result = state.results[item.itemId];
  const total = state.items.length;
  const bar = el('div', { class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(total), 'aria-valuenow': String(state.index) });
  bar.append(el('span', { style: `width:${(state.index / total) * 100}%` }));
  app.append(
    el('div', { class: 'progress' }, el('span', { class: 'muted' }, `${state.index + 1} / ${total}`), bar),
    el('p', { class: 'muted' }, el('span', { class: 'badge' }, item.topicTitle), el('span', { class: 'badge' }, item.difficulty), item.reason === 'due' ? el('span', { class: 'badge' }, 'review') : item.reason === 'new' ? el('span', { class: 'badge' }, 'new') : ''),
  );
  if (isRestricted(item)) app.append(el('p', { class: 'muted', id: 'restricted-note' }, RESTRICTED_NOTE));
  const prompt = el('div', { class: 'prompt', id: 'prompt' });
  if (item.type === 'cloze') renderClozePrompt(prompt, item, result);
  else setRendered(prompt, renderMarkdown(item.prompt, { restricted: isRestricted(item) }));
  app.append(prompt);

  if (item.type === 'mcq' || item.type === 'multi') renderOptions(item, result);
  else if (item.type === 'truefalse') renderTrueFalse(result);
  else if (item.type === 'free') renderFree(item, result);

  if (!result) {
    const check = el('button', { id: 'check' }, 'Check answer', el('span', { class: 'kbd' }, 'Enter'));
    check.addEventListener('click', submit);
    app.append(el('div', { class: 'actions' }, check));
    focusFirstInput();
  } else {
    renderFeedback(item, result);
  }
}

function renderClozePrompt(target: HTMLElement, item: ClientItem, result?: ClientResult): void {
  const [before, after] = item.prompt.split('___');
  const input = el('input', { type: 'text', class: 'cloze-input', id: 'cloze', 'aria-label': 'Fill in the blank', autocomplete: 'off', spellcheck: 'false' });
  if (result) input.setAttribute('disabled', 'true');
  const b = el('span');
  const a = el('span');
  const restricted = isRestricted(item);
  setRendered(b, renderMarkdown(before ?? '', { inline: true, restricted }));
  setRendered(a, renderMarkdown(after ?? '', { inline: true, restricted }));
  target.append(b, input, a);
}

function renderOptions(item: ClientItem, result?: ClientResult): void {
  const multi = item.type === 'multi';
  const restricted = isRestricted(item);
  const list = el('div', { class: 'options', role: multi ? 'group' : 'radiogroup', 'aria-labelledby': 'prompt' });
  (item.options ?? []).forEach((text, i) => {
    const fb = result?.options?.[i];
    const chosen = fb ? fb.chosen : selection.has(i);
    const btn = el('button', {
      class: `option${fb ? (fb.correct ? ' right' : fb.chosen ? ' wrong' : '') : ''}`,
      role: multi ? 'checkbox' : 'radio',
      'aria-checked': String(chosen),
      'data-index': String(i),
      tabindex: result ? '-1' : i === 0 ? '0' : '-1',
    });
    const body = el('span');
    setRendered(body, renderMarkdown(text, { inline: true, restricted }));
    btn.append(el('span', { class: 'letter' }, `${String.fromCharCode(65 + i)}`), body);
    if (fb) {
      btn.setAttribute('aria-label', `${String.fromCharCode(65 + i)}: ${text}. ${fb.correct ? 'Correct option' : 'Wrong option'}${fb.chosen ? ', your choice' : ''}.`);
      const wrap = el('div', { class: 'feedback' }, btn);
      const ex = el('div', { class: 'explain' });
      setRendered(ex, renderMarkdown(`${fb.correct ? '✓' : '✗'} ${fb.explanation}`, { inline: true, restricted }));
      wrap.append(ex);
      list.append(wrap);
    } else {
      btn.addEventListener('click', () => toggle(i, multi));
      list.append(btn);
    }
  });
  app.append(list);
  if (!result) app.append(el('p', { class: 'muted' }, multi ? 'Select every correct option (A–F or Space), then Enter.' : 'Choose one (A–D or arrow keys), then Enter.'));
}

function toggle(i: number, multi: boolean): void {
  if (multi) {
    if (selection.has(i)) selection.delete(i);
    else selection.add(i);
  } else selection = new Set([i]);
  document.querySelectorAll<HTMLButtonElement>('.option').forEach((b) => {
    const idx = Number(b.dataset.index);
    b.setAttribute('aria-checked', String(selection.has(idx)));
    b.tabIndex = idx === i ? 0 : -1;
  });
  document.querySelector<HTMLButtonElement>(`.option[data-index="${i}"]`)?.focus();
}

function renderTrueFalse(result?: ClientResult): void {
  const group = el('div', { class: 'options', role: 'radiogroup', 'aria-labelledby': 'prompt' });
  ['True', 'False'].forEach((label, i) => {
    const chosen = result ? result.options?.[i]?.chosen : selection.has(i);
    const fb = result?.options?.[i];
    const btn = el('button', { class: `option${fb ? (fb.correct ? ' right' : fb.chosen ? ' wrong' : '') : ''}`, role: 'radio', 'aria-checked': String(!!chosen), 'data-index': String(i), tabindex: i === 0 ? '0' : '-1' }, el('span', { class: 'letter' }, label[0]), label);
    if (!result) btn.addEventListener('click', () => toggle(i, false));
    group.append(btn);
  });
  app.append(group);
  if (!result) app.append(el('p', { class: 'muted' }, 'T or F, then Enter.'));
}

function renderFree(_item: ClientItem, result?: ClientResult): void {
  const ta = el('textarea', { id: 'free', 'aria-label': 'Your answer', placeholder: 'Answer in your own words. Ctrl+Enter to check.' });
  if (result) ta.setAttribute('disabled', 'true');
  app.append(ta);
}

function focusFirstInput(): void {
  const first = document.querySelector<HTMLElement>('#cloze, #free, .option[tabindex="0"]');
  focusIfActive(first ?? document.getElementById('check'));
}

function submit(): void {
  const item = current();
  if (!state || !item || state.results[item.itemId] || pending) return;
  let answer;
  switch (item.type) {
    case 'mcq':
      if (selection.size !== 1) return announce('Choose an option first.');
      answer = { type: 'mcq' as const, choice: [...selection][0] };
      break;
    case 'multi':
      if (selection.size === 0) return announce('Select at least one option.');
      answer = { type: 'multi' as const, choices: [...selection] };
      break;
    case 'truefalse':
      if (selection.size !== 1) return announce('Choose True or False.');
      answer = { type: 'truefalse' as const, value: selection.has(0) };
      break;
    case 'cloze':
      answer = { type: 'cloze' as const, text: (document.getElementById('cloze') as HTMLInputElement).value };
      break;
    case 'free':
      answer = { type: 'free' as const, text: (document.getElementById('free') as HTMLTextAreaElement).value };
      break;
  }
  pending = true;
  vscode.postMessage({ type: 'answer', itemId: item.itemId, answer });
}

function renderFeedback(item: ClientItem, result: ClientResult): void {
  const verdict = item.type === 'free' ? 'Compare with the key points' : result.correct ? 'Correct' : 'Not quite';
  const restricted = isRestricted(item);
  const box = el('section', { class: 'card', 'aria-label': 'Explanation' });
  box.append(el('div', { class: `verdict ${result.correct ? 'ok' : 'no'}`, id: 'verdict' }, verdict));
  if (result.reasons.length) box.append(el('p', { class: 'muted' }, result.reasons.join(' · ')));
  const ex = el('div', { class: 'explanation' });
  setRendered(ex, renderMarkdown(result.explanation, { restricted }));
  box.append(ex);
  if (result.keyPoints.length) {
    box.append(el('h2', {}, 'Key points'));
    const ul = el('ul');
    for (const k of result.keyPoints) {
      const li = el('li');
      setRendered(li, renderMarkdown(k, { inline: true, restricted }));
      ul.append(li);
    }
    box.append(ul);
  }
  const full = el('a', { href: '#', id: 'open-full' }, 'Open the full answer');
  full.addEventListener('click', (e) => {
    e.preventDefault();
    vscode.postMessage({ type: 'openQuestion', id: item.questionId });
  });
  box.append(el('p', {}, full));
  app.append(box);

  const rated = state?.rated[item.itemId];
  const ratings = el('div', { class: 'actions ratings', role: 'group', 'aria-label': 'How well did you know it?' });
  ([1, 2, 3, 4] as Rating[]).forEach((r) => {
    const b = el('button', { class: `${r === result.suggested ? 'suggested' : 'secondary'}`, 'data-rating': String(r), 'aria-label': `${RATING_NAMES[r]}, next review ${result.intervals[r]}${r === result.suggested ? ', suggested' : ''}` }, `${r} · ${RATING_NAMES[r]}`, el('span', { class: 'when' }, result.intervals[r]));
    if (rated) b.setAttribute('disabled', 'true');
    b.addEventListener('click', () => rate(r));
    ratings.append(b);
  });
  app.append(el('p', { class: 'muted' }, 'Rate how well you knew it: keys 1–4, or Enter for the suggested rating.'), ratings);
  document.querySelector<HTMLButtonElement>('.ratings button.suggested')?.focus();
}

function rate(r: Rating): void {
  const item = current();
  if (!state || !item || !state.results[item.itemId] || state.rated[item.itemId]) return;
  state.rated[item.itemId] = r;
  vscode.postMessage({ type: 'rate', itemId: item.itemId, rating: r, durationMs: Math.max(0, Date.now() - itemShownAt) });
  state.index++;
  selection = new Set();
  itemShownAt = Date.now();
  save();
  render();
  announce(`Rated ${RATING_NAMES[r]}. ${state.index < state.items.length ? `Question ${state.index + 1} of ${state.items.length}.` : ''}`);
}

function renderSummary(s: SessionSummary): void {
  const mins = Math.max(1, Math.round(s.durationMs / 60000));
  const dl = el('dl');
  const row = (k: string, v: string) => dl.append(el('dt', {}, k), el('dd', {}, v));
  row('Score', `${s.correct} / ${s.answered} correct`);
  row('Time', `${mins} min`);
  row('Ratings', ([1, 2, 3, 4] as Rating[]).map((r) => `${RATING_NAMES[r]} ${s.ratings[r]}`).join(' · '));
  row('Due now', String(s.dueNow));
  row('Due tomorrow', String(s.dueTomorrow));
  if (s.nextDue) row('Next review', s.nextDue);
  const again = el('button', { id: 'new-session' }, 'Start another session');
  again.addEventListener('click', () => vscode.postMessage({ type: 'newSession' }));
  app.append(el('section', { class: 'summary', 'aria-labelledby': 'summary-title' }, el('h1', { id: 'summary-title', tabindex: '-1' }, 'Session complete'), dl), el('div', { class: 'actions' }, again));
  focusIfActive(document.getElementById('summary-title'));
}

document.addEventListener('keydown', (e) => {
  const item = current();
  if (!state || !item || state.summary) return;
  const result = state.results[item.itemId];
  const target = e.target as HTMLElement;
  const typing = target.tagName === 'TEXTAREA' || target.tagName === 'INPUT';
  if (result) {
    if (['1', '2', '3', '4'].includes(e.key)) {
      e.preventDefault();
      rate(Number(e.key) as Rating);
    } else if ((e.key === 'Enter' || e.key === ' ') && !(target.tagName === 'BUTTON' && target.dataset.rating) && target.tagName !== 'A') {
      e.preventDefault();
      rate(result.suggested);
    }
    return;
  }
  if (item.type === 'free') {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
    return;
  }
  if (typing) {
    if (e.key === 'Enter') {
      e.preventDefault();
      submit();
    }
    return;
  }
  const n = item.type === 'truefalse' ? 2 : (item.options?.length ?? 0);
  const multi = item.type === 'multi';
  const key = e.key.toLowerCase();
  if (item.type === 'truefalse' && (key === 't' || key === 'f')) {
    e.preventDefault();
    toggle(key === 't' ? 0 : 1, false);
  } else if (item.type !== 'truefalse' && key.length === 1 && key >= 'a' && key < String.fromCharCode(97 + n)) {
    e.preventDefault();
    toggle(key.charCodeAt(0) - 97, multi);
  } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
    e.preventDefault();
    const focused = Number((document.activeElement as HTMLElement)?.dataset?.index ?? -1);
    const next = (focused + (e.key === 'ArrowDown' ? 1 : n - 1) + n) % n;
    if (multi) document.querySelector<HTMLButtonElement>(`.option[data-index="${next}"]`)?.focus();
    else toggle(next, false);
  } else if (e.key === ' ' && target.classList.contains('option')) {
    e.preventDefault();
    toggle(Number(target.dataset.index), multi);
  } else if (e.key === 'Enter') {
    e.preventDefault();
    submit();
  }
});

state = vscode.getState();
render();
vscode.postMessage({ type: 'ready' });
