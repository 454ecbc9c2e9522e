// The quiz panel host: it is the authority on what was reviewed (the webview only reports), it
// records a review at the time the rating buttons' intervals were computed, and it marks user
// questions from an untrusted workspace as restricted for the webview.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Card } from 'ts-fsrs';
import type { Question } from '../../src/core/content/types';
import { Scheduler, type RatingValue } from '../../src/core/review/fsrsScheduler';
import type { ClientResult, QuizViewState, SessionSummary } from '../../src/webview/protocol';

interface StubPanel {
  posted: { type: string; [k: string]: unknown }[];
  send(m: unknown): void;
  dispose(): void;
}

const vs = vi.hoisted(() => {
  const panels: StubPanel[] = [];
  const serializers: { deserializeWebviewPanel(panel: unknown, saved: unknown): Promise<void> }[] = [];
  const makePanel = (): StubPanel & Record<string, unknown> => {
    const recv = new Set<(m: unknown) => void>();
    const disp = new Set<() => void>();
    let disposed = false;
    const p = {
      title: '',
      posted: [] as StubPanel['posted'],
      iconPath: undefined,
      reveal() {},
      dispose() {
        if (disposed) return;
        disposed = true;
        for (const f of disp) f();
      },
      onDidDispose(f: () => void) {
        disp.add(f);
        return { dispose() {} };
      },
      webview: {
        options: {},
        html: '',
        cspSource: 'vscode-resource:',
        asWebviewUri: (u: unknown) => u,
        postMessage: async (m: unknown) => {
          p.posted.push(JSON.parse(JSON.stringify(m)));
          return true;
        },
        onDidReceiveMessage(f: (m: unknown) => void) {
          recv.add(f);
          return { dispose() {} };
        },
      },
      send(m: unknown) {
        for (const f of recv) f(m);
      },
    };
    return p;
  };
  class Uri {
    constructor(readonly fsPath: string) {}
    get path() {
      return this.fsPath;
    }
    static file(p: string) {
      return new Uri(p);
    }
    static joinPath(u: Uri, ...p: string[]) {
      return new Uri([u.fsPath, ...p].join('/'));
    }
    toString() {
      return `file://${this.fsPath}`;
    }
  }
  return {
    panels,
    serializers,
    makePanel,
    module: {
      Uri,
      ViewColumn: { Active: -1, Beside: -2 },
      workspace: { isTrusted: true },
      commands: { executeCommand: async () => undefined },
      window: {
        createWebviewPanel() {
          const p = makePanel();
          panels.push(p);
          return p;
        },
        registerWebviewPanelSerializer(_type: string, s: (typeof serializers)[number]) {
          serializers.push(s);
          return { dispose() {} };
        },
      },
    },
  };
});
vi.mock('vscode', () => vs.module);
// Sessions are every item of the bank, in order: this file tests the panel, not session building.
vi.mock('../../src/core/review/quizSession', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  buildSession: (bank: { questions: Question[] }) => bank.questions.flatMap((question) => question.quiz.map((item) => ({ question, item, reason: 'practice' }))),
}));

const { QuizPanel, fromNow } = await import('../../src/vscode/quizPanel');

interface Rec {
  id: string;
  itemId: string;
  rating: RatingValue;
  at: string;
  durationMs?: number;
  correct?: boolean;
}

/** The review store's contract as the panel uses it, over the real FSRS scheduler (fuzz on). */
class FakeStore {
  readonly scheduler = new Scheduler({ desiredRetention: 0.9, fuzz: true });
  readonly log: Rec[] = [];
  cards = new Map<string, Card>();
  getScheduler() {
    return this.scheduler;
  }
  card(id: string) {
    return this.cards.get(id);
  }
  allCards() {
    return this.cards;
  }
  reviews() {
    return this.log;
  }
  seed(events: Omit<Rec, 'id'>[]) {
    for (const e of events) this.log.push({ ...e, id: `seed${this.log.length}` });
    this.cards = this.scheduler.replay(this.log);
  }
  record(itemId: string, rating: RatingValue, extra: { at?: Date; durationMs?: number; correct?: boolean } = {}) {
    const at = extra.at ?? new Date();
    const r: Rec = { id: `r${this.log.length}`, itemId, rating, at: at.toISOString(), durationMs: extra.durationMs, correct: extra.correct };
    this.log.push(r);
    this.cards.set(itemId, this.scheduler.review(this.cards.get(itemId) ?? this.scheduler.newCard(at), rating, at));
    return r;
  }
  flush() {
    return Promise.resolve();
  }
}

function mcq(id: string, origin = 'builtin'): Question {
  const text = (t: string, correct: boolean) => ({ text: t, correct, explanation: `Because ${t}.` });
  return {
    id,
    title: `Question ${id}`,
    topic: 'rag',
    difficulty: 'easy',
    tags: [],
    aliases: [],
    apis: [],
    related: [],
    sources: [],
    keyPoints: ['k'],
    body: 'b',
    origin,
    quiz: [{ id: `${id}#0`, type: 'mcq', prompt: `Prompt of ${id}, see [docs](https://evil.example/)`, options: [text('a', true), text('b', false), text('c', false), text('d', false)] }],
  } as unknown as Question;
}

function setup(questions: Question[], extra: { isTrusted?: () => boolean } = {}) {
  const store = new FakeStore();
  const bankObj = { questions, topics: [], apis: [] };
  const bank = { bank: async () => bankObj, peek: () => bankObj, topic: () => undefined, onDidChange: () => ({ dispose() {} }) };
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), show() {} };
  const reviews = { open: async () => store, settings: { desiredRetention: 0.9, newPerDay: 10, sessionSize: 10 }, dueNow: () => 0 };
  const deps = { extensionUri: vs.module.Uri.file('/ext'), bank, reviews, log, ...extra } as unknown as Parameters<typeof QuizPanel.show>[0];
  return { store, deps, log };
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
};

async function open(questions: Question[], extra: { isTrusted?: () => boolean } = {}) {
  const ctx = setup(questions, extra);
  await QuizPanel.show(ctx.deps, { mode: 'questions', questionIds: questions.map((q) => q.id), size: 10 }, 'T');
  const panel = vs.panels.at(-1)!;
  const send = async (m: unknown) => {
    panel.send(m);
    await settle();
  };
  await send({ type: 'ready' });
  const state = panel.posted.at(-1)!.state as QuizViewState;
  const last = <T>(type: string) => [...panel.posted].reverse().find((m) => m.type === type) as unknown as T;
  return { ...ctx, panel, send, state, last };
}

beforeEach(() => {
  vs.module.workspace.isTrusted = true;
});
afterEach(() => {
  for (const p of vs.panels.splice(0)) p.dispose();
  vs.serializers.splice(0);
  vi.useRealTimers();
});

describe('quiz panel: restricted user questions', () => {
  it('marks user questions from an untrusted workspace as restricted, built-in ones not', async () => {
    const { state } = await open([mcq('builtin-q'), mcq('user/mine', '/home/me/questions/mine.md')], { isTrusted: () => false });
    expect(state.items.map((i) => [i.itemId, i.restricted])).toEqual([
      ['builtin-q#0', false],
      ['user/mine#0', true],
    ]);
  });

  it('leaves user questions unrestricted in a trusted workspace, and defaults to the workspace trust', async () => {
    const trusted = await open([mcq('user/mine', '/q/mine.md')], { isTrusted: () => true });
    expect(trusted.state.items[0].restricted).toBe(false);
    vs.module.workspace.isTrusted = false;
    const byDefault = await open([mcq('user/mine', '/q/mine.md')]);
    expect(byDefault.state.items[0].restricted).toBe(true);
  });
});

describe('quiz panel: the host decides what was reviewed', () => {
  it('keeps a rating whose duration went negative (clock stepped back) and counts only recorded ratings', async () => {
    const { send, store, state, last } = await open([mcq('a'), mcq('b'), mcq('c')]);
    await send({ type: 'answer', itemId: 'a#0', answer: { type: 'mcq', choice: 0 } });
    await send({ type: 'rate', itemId: 'a#0', rating: 3, durationMs: -2000 });
    await send({ type: 'persist', state: { ...state, index: 1, rated: { 'a#0': 3 } } });
    // b is answered, its rating never arrives, but the webview's persisted state claims it (and c) rated.
    await send({ type: 'answer', itemId: 'b#0', answer: { type: 'mcq', choice: 1 } });
    await send({ type: 'persist', state: { ...state, index: 3, rated: { 'a#0': 3, 'b#0': 4, 'c#0': 4 } } });
    await send({ type: 'finish' });
    expect(store.log.map((r) => [r.itemId, r.rating, r.durationMs])).toEqual([['a#0', 3, 0]]);
    const { summary } = last<{ summary: SessionSummary }>('summary');
    expect(summary.ratings).toEqual({ 1: 0, 2: 0, 3: 1, 4: 0 });
  });

  it('tells the webview when it ignores a message it cannot read, and logs it', async () => {
    const { send, panel, log, store } = await open([mcq('a')]);
    await send({ type: 'answer', itemId: 'a#0', answer: { type: 'mcq', choice: 0 } });
    await send({ type: 'rate', itemId: 'a#0', rating: 7, durationMs: 10 });
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining('unknown shape'));
    expect(panel.posted.at(-1)).toMatchObject({ type: 'error' });
    expect(store.log).toEqual([]);
  });

  it('ignores a persisted position from a session it has replaced', async () => {
    const { send, state, last, store } = await open([mcq('a'), mcq('b')]);
    await send({ type: 'newSession' });
    const fresh = last<{ state: QuizViewState }>('quiz').state;
    expect(fresh.sessionId).not.toBe(state.sessionId);
    await send({ type: 'persist', state: { ...state, index: 2 } });
    await send({ type: 'ready' });
    expect(last<{ state: QuizViewState }>('quiz').state.index).toBe(0);
    expect(store.log).toEqual([]);
  });

  it('after a window reload, takes what was rated from the store, not from the saved webview state', async () => {
    const { deps, store } = setup([mcq('a'), mcq('b'), mcq('c')]);
    QuizPanel.registerSerializer(deps);
    const startedAt = Date.now() - 60_000;
    store.seed([
      { itemId: 'a#0', rating: 2, at: new Date(startedAt - 86_400_000).toISOString() }, // an earlier session
      { itemId: 'b#0', rating: 3, at: new Date(startedAt + 1000).toISOString() },
    ]);
    const panel = vs.makePanel();
    vs.panels.push(panel);
    const saved = { sessionId: 's1', title: 'T', items: [{ itemId: 'a#0' }, { itemId: 'b#0' }, { itemId: 'c#0' }], index: 2, results: {}, rated: { 'a#0': 4, 'c#0': 4 }, startedAt };
    await vs.serializers[0].deserializeWebviewPanel(panel, saved);
    panel.send({ type: 'ready' });
    await settle();
    const restored = panel.posted.at(-1)!.state as QuizViewState;
    expect(restored.rated).toEqual({ 'b#0': 3 });
  });
});

describe('quiz panel: the rating buttons promise what gets scheduled', () => {
  it('records the review at the time its intervals were previewed, so "Good · 7 mo" schedules 7 months', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const questions = Array.from({ length: 24 }, (_, k) => mcq(`q${k}`));
    const base = Date.UTC(2025, 0, 1);
    const { send, store, panel } = await open(questions);
    // Each item has a history long enough for fuzz to matter (an interval of months).
    store.seed(
      questions.flatMap((q, k) => {
        const t0 = base + k * 3_600_000;
        return [0, 600_000, 5 * 86_400_000, 25 * 86_400_000].map((dt) => ({ itemId: `${q.id}#0`, rating: 3 as RatingValue, at: new Date(t0 + dt).toISOString() }));
      }),
    );
    let i = 0;
    for (const q of questions) {
      const itemId = `${q.id}#0`;
      const answeredAt = new Date(base + 90 * 86_400_000 + i++ * 3_600_000);
      vi.setSystemTime(answeredAt);
      const before = store.card(itemId)!;
      await send({ type: 'answer', itemId, answer: { type: 'mcq', choice: 0 } });
      const result = (panel.posted.at(-1) as unknown as { result: ClientResult }).result;
      vi.setSystemTime(answeredAt.getTime() + 12_000); // 12 s reading the explanation
      await send({ type: 'rate', itemId, rating: 3, durationMs: 12_000 });
      const recorded = store.log.at(-1)!;
      expect(recorded.itemId).toBe(itemId);
      expect(recorded.at).toBe(answeredAt.toISOString());
      const due = store.card(itemId)!.due;
      expect(due.getTime()).toBe(store.scheduler.preview(before, answeredAt)[3].getTime());
      expect(fromNow(due, answeredAt)).toBe(result.intervals[3]);
    }
  });
});
