import { describe, expect, it } from 'vitest';
import { buildSession, newItemsIntroducedToday } from '../../src/core/review/quizSession';
import { checkAnswer, clozeMatches } from '../../src/core/review/answerCheck';
import { cardsInBank, streak, dueForecast, retentionByTopic } from '../../src/core/review/progressStats';
import { Scheduler } from '../../src/core/review/fsrsScheduler';
import { toAnkiCsv } from '../../src/core/review/ankiExport';
import { makeBank } from '../../src/core/content/loadBank';
import type { Question, QuizItem, Topic } from '../../src/core/content/types';

const mcq = (id: string): QuizItem => ({
  id,
  type: 'mcq',
  prompt: 'Pick "one", please',
  options: [
    { text: 'a', correct: false, explanation: 'no' },
    { text: 'b', correct: true, explanation: 'yes' },
    { text: 'c', correct: false, explanation: 'no' },
    { text: 'd', correct: false, explanation: 'no' },
  ],
});
const q = (id: string, topic: Question['topic'], apis: string[] = []): Question => ({
  id, title: id, topic, difficulty: 'easy', tags: ['t', 'u'], aliases: [], apis, related: [], sources: [], keyPoints: ['k1', 'k2', 'k3'],
  quiz: [mcq(`${id}#0`), { id: `${id}#1`, type: 'truefalse', prompt: 'p', answer: true, explanation: 'e' }], body: '', origin: 'builtin',
});
const topics: Topic[] = [{ id: 'rag', title: 'RAG', order: 1, summary: 's', body: '' }, { id: 'fine-tuning', title: 'FT', order: 2, summary: 's', body: '' }];
const bank = makeBank(topics, [q('a', 'rag'), q('b', 'rag'), q('c', 'fine-tuning', ['peft:LoraConfig'])], [], []);
const now = new Date(2026, 2, 10, 12, 0, 0);
const sched = new Scheduler({ desiredRetention: 0.9, fuzz: false });
const seq = () => {
  let s = 1;
  return () => ((s = (s * 16807) % 2147483647) / 2147483647);
};

describe('buildSession', () => {
  it('puts due items first and respects the daily new limit', () => {
    const past = new Date(now.getTime() - 20 * 86_400_000).toISOString();
    const reviews = [{ id: '1', itemId: 'b#1', rating: 3 as const, at: past }];
    const cards = sched.replay(reviews);
    const s = buildSession(bank, { mode: 'mixed', size: 10 }, { cards, reviews, newPerDay: 2, now, random: seq() });
    expect(s.filter((i) => i.reason === 'due').map((i) => i.item.id)).toEqual(['b#1']);
    expect(s.filter((i) => i.reason === 'new')).toHaveLength(2);
    // new items spread across questions: two different questions first
    expect(new Set(s.filter((i) => i.reason === 'new').map((i) => i.question.id)).size).toBe(2);
  });

  it('a new-questions session holds only unseen items, even past the daily new limit', () => {
    const past = new Date(now.getTime() - 20 * 86_400_000).toISOString();
    const reviews = [{ id: '1', itemId: 'b#1', rating: 3 as const, at: past }];
    const cards = sched.replay(reviews);
    const s = buildSession(bank, { mode: 'new', size: 10 }, { cards, reviews, newPerDay: 2, now, random: seq() });
    expect(s.every((i) => i.reason === 'new')).toBe(true);
    expect(s.map((i) => i.item.id).sort()).toEqual(['a#0', 'a#1', 'b#0', 'c#0', 'c#1']);
  });

  it('a due-only session contains no new items', () => {
    const s = buildSession(bank, { mode: 'due', size: 10 }, { cards: new Map(), reviews: [], newPerDay: 20, now });
    expect(s).toEqual([]);
  });

  it('apis mode selects questions linked to the symbols', () => {
    const s = buildSession(bank, { mode: 'apis', symbols: ['peft:LoraConfig'], size: 10 }, { cards: new Map(), reviews: [], newPerDay: 0, now });
    expect(new Set(s.map((i) => i.question.id))).toEqual(new Set(['c']));
    expect(s.length).toBe(2);
  });

  it('counts new items introduced today from the log', () => {
    const reviews = [
      { id: '1', itemId: 'a#0', rating: 3 as const, at: new Date(now.getTime() - 3600_000).toISOString() },
      { id: '2', itemId: 'a#0', rating: 3 as const, at: new Date(now.getTime() - 1800_000).toISOString() },
      { id: '3', itemId: 'b#0', rating: 3 as const, at: new Date(now.getTime() - 5 * 86_400_000).toISOString() },
    ];
    expect(newItemsIntroducedToday(reviews, now)).toBe(1);
  });
});

describe('checkAnswer', () => {
  it('grades multiple choice, true/false and multi-select', async () => {
    const item = bank.questions[0].quiz[0];
    expect((await checkAnswer(item, { type: 'mcq', choice: 1 })).suggested).toBe(3);
    expect((await checkAnswer(item, { type: 'mcq', choice: 0 })).correct).toBe(false);
    const multi: QuizItem = { ...(item as Extract<QuizItem, { type: 'mcq' }>), type: 'multi', options: [
      { text: 'a', correct: true, explanation: 'x' }, { text: 'b', correct: true, explanation: 'x' },
      { text: 'c', correct: false, explanation: 'x' }, { text: 'd', correct: false, explanation: 'x' }] };
    expect((await checkAnswer(multi, { type: 'multi', choices: [1, 0] })).correct).toBe(true);
    const partial = await checkAnswer(multi, { type: 'multi', choices: [0] });
    expect(partial).toMatchObject({ correct: false, score: 0.75, suggested: 2 });
    await expect(checkAnswer(item, { type: 'cloze', text: 'x' })).rejects.toThrow();
  });

  it('accepts cloze variants regardless of case, spacing and number formatting', () => {
    expect(clozeMatches('  LoRA_Alpha ', ['lora alpha'])).toBe(true);
    expect(clozeMatches('65536', ['65,536'])).toBe(true);
    expect(clozeMatches('0.50', ['0.5'])).toBe(true);
    expect(clozeMatches('', ['x'])).toBe(false);
    expect(clozeMatches('beta', ['alpha'])).toBe(false);
  });

  it('accepts cloze answers whose punctuation is spaced, curled or dashed differently', () => {
    expect(clozeMatches('rank (d)', ['rank(d)'])).toBe(true);
    expect(clozeMatches('x_1, ... , x_{t-1}', ['x_1,...,x_{t-1}'])).toBe(true);
    expect(clozeMatches('x_1, \u2026, x_{t-1}', ['x_1, ..., x_{t-1}'])).toBe(true);
    expect(clozeMatches('\u2018prior\u2019', ['prior'])).toBe(true);
    expect(clozeMatches('pre\u2013fill', ['pre-fill'])).toBe(true);
    expect(clozeMatches('65,536', ['65536'])).toBe(true);
    expect(clozeMatches('0.5', ['5'])).toBe(false);
    expect(clozeMatches('rank d e', ['rank(d)'])).toBe(false);
  });

  it('defers free text to the semantic grader', async () => {
    const free: QuizItem = { id: 'f', type: 'free', prompt: 'p', modelAnswer: 'm' };
    const r = await checkAnswer(free, { type: 'free', text: 'an answer' }, async () => ({ rating: 4, score: 0.9, reasons: ['covers all key points'] }));
    expect(r).toMatchObject({ correct: true, suggested: 4 });
    expect((await checkAnswer(free, { type: 'free', text: '   ' })).suggested).toBe(1);
    const broken = await checkAnswer(free, { type: 'free', text: 'an answer' }, async () => {
      throw new Error('onnxruntime: session released');
    });
    expect(broken).toMatchObject({ correct: false, suggested: 2 });
    expect(broken.reasons.join(' ')).toMatch(/grading failed.*rate yourself/);
  });
});

describe('progress statistics', () => {
  it('leaves out of the counts and the forecast the items of questions no longer in the bank', () => {
    const at = new Date(now.getTime() - 3 * 86_400_000).toISOString();
    const reviews = ['a#0', 'user/old#0', 'user/old#1'].map((itemId, i) => ({ id: String(i), itemId, rating: 1 as const, at }));
    const cards = cardsInBank(bank, sched.replay(reviews));
    expect([...cards.keys()]).toEqual(['a#0']);
    expect(dueForecast(cards, now, 30)[0].due).toBe(1);
  });

  it('counts a streak of consecutive days, tolerating no review yet today', () => {
    const day = (d: number) => new Date(2026, 2, d, 20).toISOString();
    const reviews = [7, 8, 9, 3, 4].map((d, i) => ({ id: String(i), itemId: 'a#0', rating: 3 as const, at: day(d) }));
    expect(streak(reviews, now)).toEqual({ current: 3, longest: 3, reviewedToday: false });
    expect(streak([...reviews, { id: 'x', itemId: 'a#0', rating: 3, at: now.toISOString() }], now).current).toBe(4);
  });

  it('forecasts due items per day and computes retention by topic', () => {
    const reviews = [
      { id: '1', itemId: 'a#0', rating: 3 as const, at: new Date(now.getTime() - 86_400_000).toISOString() },
      { id: '2', itemId: 'a#0', rating: 1 as const, at: new Date(now.getTime() - 86_000_000).toISOString() },
      { id: '3', itemId: 'a#0', rating: 3 as const, at: new Date(now.getTime() - 85_000_000).toISOString() },
    ];
    const f = dueForecast(sched.replay(reviews), now, 30);
    expect(f).toHaveLength(30);
    expect(f.reduce((s, d) => s + d.due, 0)).toBe(1);
    const r = retentionByTopic(bank, reviews);
    expect(r.find((t) => t.topic === 'rag')).toMatchObject({ reviews: 2, retention: 0.5 });
    expect(r.find((t) => t.topic === 'fine-tuning')?.retention).toBeNull();
  });
});

describe('Anki export', () => {
  it('writes one note per quiz item with escaped quotes and topic tags', () => {
    const csv = toAnkiCsv(bank);
    const rows = csv.trim().split('\n').filter((l) => !l.startsWith('#'));
    expect(rows).toHaveLength(6);
    expect(csv).toContain('""one""');
    expect(csv).toContain('genai-lens::rag');
  });
});
