// Chooses what a quiz session asks: due reviews first, then new items within the daily limit,
// filtered by topic, difficulty, questions or API symbols. Pure: takes the bank and card states.
import type { Card } from 'ts-fsrs';
import { State } from 'ts-fsrs';
import type { Bank, Difficulty, Question, QuizItem, TopicId } from '../content/types';
import type { ReviewRecord } from './progressFile';

export type SessionMode = 'due' | 'topic' | 'difficulty' | 'apis' | 'new' | 'mixed' | 'questions';

export interface SessionRequest {
  mode: SessionMode;
  topic?: TopicId;
  difficulty?: Difficulty;
  /** API symbols (e.g. from the active file's recognised calls). */
  symbols?: string[];
  questionIds?: string[];
  size: number;
}

export interface SessionItem {
  question: Question;
  item: QuizItem;
  /** Why it is in the session. */
  reason: 'due' | 'new' | 'practice';
}

export interface SessionContext {
  cards: ReadonlyMap<string, Card>;
  reviews: readonly ReviewRecord[];
  newPerDay: number;
  now: Date;
  /** Deterministic shuffling in tests. */
  random?: () => number;
  /** Ranked question ids for `apis` mode beyond the explicit links (from semantic search). */
  relatedForSymbols?: (symbols: string[]) => string[];
}

export function newItemsIntroducedToday(reviews: readonly ReviewRecord[], now: Date): number {
  const today = localDay(now);
  const firstSeen = new Map<string, string>();
  for (const r of reviews) if (!firstSeen.has(r.itemId) || r.at < firstSeen.get(r.itemId)!) firstSeen.set(r.itemId, r.at);
  let n = 0;
  for (const at of firstSeen.values()) if (localDay(new Date(at)) === today) n++;
  return n;
}

export function localDay(d: Date): string {
  const y = d.getFullYear();
  const m = String(d.getMonth() + 1).padStart(2, '0');
  const day = String(d.getDate()).padStart(2, '0');
  return `${y}-${m}-${day}`;
}

export function candidateQuestions(bank: Bank, req: SessionRequest, ctx: SessionContext): Question[] {
  switch (req.mode) {
    case 'topic':
      return bank.questions.filter((q) => q.topic === req.topic);
    case 'difficulty':
      return bank.questions.filter((q) => q.difficulty === req.difficulty);
    case 'questions': {
      const ids = new Set(req.questionIds ?? []);
      return bank.questions.filter((q) => ids.has(q.id));
    }
    case 'apis': {
      const symbols = new Set(req.symbols ?? []);
      const linked = bank.questions.filter((q) => q.apis.some((s) => symbols.has(s)));
      const linkedIds = new Set(linked.map((q) => q.id));
      for (const card of bank.apis) {
        if (!symbols.has(card.symbol)) continue;
        for (const id of card.questions) linkedIds.add(id);
      }
      const extra = ctx.relatedForSymbols?.([...symbols]) ?? [];
      const order = [...linkedIds, ...extra.filter((id) => !linkedIds.has(id)).slice(0, 5)];
      const byId = new Map(bank.questions.map((q) => [q.id, q]));
      return order.map((id) => byId.get(id)).filter((q): q is Question => !!q);
    }
    default:
      return bank.questions;
  }
}

export function buildSession(bank: Bank, req: SessionRequest, ctx: SessionContext): SessionItem[] {
  const rand = ctx.random ?? Math.random;
  const pool = candidateQuestions(bank, req, ctx);
  const due: SessionItem[] = [];
  const fresh: SessionItem[] = [];
  const practice: SessionItem[] = [];
  for (const question of pool) {
    for (const item of question.quiz) {
      const card = ctx.cards.get(item.id);
      if (!card || card.state === State.New) fresh.push({ question, item, reason: 'new' });
      else if (card.due.getTime() <= ctx.now.getTime()) due.push({ question, item, reason: 'due' });
      else practice.push({ question, item, reason: 'practice' });
    }
  }
  due.sort((a, b) => ctx.cards.get(a.item.id)!.due.getTime() - ctx.cards.get(b.item.id)!.due.getTime());
  // New items: one item per question first (the multiple-choice one), so a session spreads wide.
  const freshOrdered = spreadByQuestion(shuffle(fresh, rand));
  const newBudget = req.mode === 'due' ? 0 : Math.max(0, ctx.newPerDay - newItemsIntroducedToday(ctx.reviews, ctx.now));
  const explicit = req.mode === 'questions' || req.mode === 'apis' || req.mode === 'topic' || req.mode === 'difficulty';
  const out: SessionItem[] = [];
  // "New questions" means only items never seen: due reviews wait for a review session.
  if (req.mode !== 'new') for (const d of due) if (out.length < req.size) out.push(d);
  if (req.mode !== 'due') {
    // A request for a topic, a file's APIs or new questions is the learner asking to practise: the
    // daily limit caps only what the scheduler pushes, not what the learner asks for.
    const allowNew = explicit || req.mode === 'new' ? req.size : newBudget;
    for (const f of freshOrdered) if (out.length < req.size && out.filter((o) => o.reason === 'new').length < allowNew) out.push(f);
    if (explicit) for (const p of shuffle(practice, rand)) if (out.length < req.size) out.push(p);
  }
  return req.mode === 'mixed' ? shuffle(out, rand) : out;
}

function spreadByQuestion(items: SessionItem[]): SessionItem[] {
  const firsts: SessionItem[] = [];
  const rest: SessionItem[] = [];
  const seen = new Set<string>();
  const typeRank = (i: SessionItem) => (i.item.type === 'mcq' ? 0 : 1);
  for (const it of [...items].sort((a, b) => typeRank(a) - typeRank(b))) {
    if (seen.has(it.question.id)) rest.push(it);
    else {
      seen.add(it.question.id);
      firsts.push(it);
    }
  }
  const firstOrder = new Map(items.map((it, i) => [it.item.id, i]));
  firsts.sort((a, b) => firstOrder.get(a.item.id)! - firstOrder.get(b.item.id)!);
  return [...firsts, ...rest];
}

function shuffle<T>(xs: T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export function dueCount(cards: ReadonlyMap<string, Card>, now: Date, validItemIds?: ReadonlySet<string>): number {
  let n = 0;
  for (const [id, c] of cards) {
    if (validItemIds && !validItemIds.has(id)) continue;
    if (c.state !== State.New && c.due.getTime() <= now.getTime()) n++;
  }
  return n;
}
