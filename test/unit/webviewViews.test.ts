// @vitest-environment jsdom
// The quiz and question webviews as a user sees them: restricted (untrusted) user questions keep no
// links anywhere in the quiz, the user's own code quoted on an API card stays text, and a rating
// never reports a negative duration.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClientItem, ClientResult, FromWebview, QuizViewState, ToWebview } from '../../src/webview/protocol';

const EVIL = 'See [the docs](https://evil.example/phish) or [this](q:kv-cache).';

/** Listeners a loaded view added to window/document, removed after each test so views do not overlap. */
const listeners: (() => void)[] = [];

function recordListeners(target: Window | Document): void {
  const add = target.addEventListener.bind(target);
  vi.spyOn(target, 'addEventListener').mockImplementation((type: string, fn: EventListenerOrEventListenerObject, opts?: boolean | AddEventListenerOptions) => {
    add(type, fn, opts);
    listeners.push(() => target.removeEventListener(type, fn, opts));
  });
}

async function load(view: 'quiz' | 'question') {
  document.body.innerHTML = '<main id="app"></main><div id="live"></div>';
  recordListeners(window);
  recordListeners(document);
  const posted: FromWebview[] = [];
  (globalThis as unknown as { acquireVsCodeApi: unknown }).acquireVsCodeApi = () => ({ postMessage: (m: FromWebview) => posted.push(m), getState: () => undefined, setState() {} });
  vi.resetModules();
  await import(view === 'quiz' ? '../../src/webview/quiz/main' : '../../src/webview/question/main');
  const app = document.getElementById('app')!;
  const send = (data: ToWebview) => window.dispatchEvent(new MessageEvent('message', { data }));
  return { app, posted, send };
}

function item(restricted: boolean): ClientItem {
  return { itemId: 'user/x#0', questionId: 'user/x', questionTitle: 'X', topicTitle: 'RAG', difficulty: 'easy', type: 'mcq', prompt: `Which? ${EVIL}`, options: ['[click](https://evil.example/a)', 'b', 'c', 'd'], reason: 'new', restricted };
}

function state(restricted: boolean): QuizViewState {
  return { sessionId: 's', title: 'T', items: [item(restricted)], index: 0, results: {}, rated: {}, startedAt: 0 };
}

function result(): ClientResult {
  return {
    itemId: 'user/x#0',
    correct: true,
    suggested: 3,
    reasons: [],
    options: ['[click](https://evil.example/a)', 'b', 'c', 'd'].map((text, i) => ({ text, correct: i === 0, chosen: i === 0, explanation: EVIL })),
    explanation: EVIL,
    keyPoints: [EVIL],
    intervals: { 1: '1 min', 2: '6 min', 3: '10 min', 4: '9 d' },
  };
}

/** Links that content produced (the panel's own "Open the full answer" link aside). */
const contentLinks = (app: HTMLElement) => [...app.querySelectorAll('a')].filter((a) => a.id !== 'open-full');

afterEach(() => {
  for (const remove of listeners.splice(0)) remove();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('quiz webview', () => {
  it('shows a restricted user question without links in the prompt, options, explanations or key points', async () => {
    const { app, send } = await load('quiz');
    send({ type: 'quiz', state: state(true) });
    expect(app.querySelector('#prompt')!.textContent).toContain('the docs');
    expect(contentLinks(app)).toEqual([]);
    expect(app.textContent).toContain('not trusted');
    send({ type: 'result', result: result() });
    expect(app.querySelector('.explanation')!.textContent).toContain('the docs');
    expect(contentLinks(app)).toEqual([]);
  });

  it('keeps links in questions that are not restricted', async () => {
    const { app, send } = await load('quiz');
    send({ type: 'quiz', state: state(false) });
    expect(contentLinks(app).map((a) => a.getAttribute('href'))).toEqual(['https://evil.example/phish', '#', 'https://evil.example/a']);
    expect(app.textContent).not.toContain('not trusted');
  });

  it('never reports a negative duration when the clock steps back before rating', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2025, 5, 1, 12));
    const { send, posted } = await load('quiz');
    send({ type: 'quiz', state: state(false) });
    send({ type: 'result', result: result() });
    vi.setSystemTime(Date.UTC(2025, 5, 1, 11, 59)); // NTP stepped the clock back a minute
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '3', bubbles: true }));
    const rate = posted.find((m) => m.type === 'rate');
    expect(rate).toMatchObject({ type: 'rate', itemId: 'user/x#0', rating: 3 });
    expect((rate as { durationMs: number }).durationMs).toBe(0);
  });
});

describe('question webview: API card', () => {
  it('shows the interpreted lines of the user’s call as text, so a string literal cannot become a link', async () => {
    const { app, send } = await load('question');
    const line = 'model="[Get a free key](https://evil.example/k)" and **not bold** $x$.';
    send({ type: 'apiCard', model: { symbol: 'openai:chat.completions.create', title: 'Chat', body: 'Body', summary: 'See [docs](https://platform.openai.com/)', params: [], pitfalls: [], questions: [], interpreted: [line] } });
    const yours = app.querySelector('section[aria-label="Your call"]')!;
    expect(yours.querySelectorAll('a, strong, .katex').length).toBe(0);
    expect(yours.querySelector('li')!.textContent).toBe(line);
    // The card's own content is still Markdown.
    expect(app.querySelector('a[href="https://platform.openai.com/"]')).not.toBeNull();
  });
});
