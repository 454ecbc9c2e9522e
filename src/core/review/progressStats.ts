// Numbers for the progress view, the status bar and the topic tree: streak, reviews per day,
// retention by topic, the 30-day due forecast, and per-question mastery.
import type { Card } from 'ts-fsrs';
import { State } from 'ts-fsrs';
import type { Bank, Question } from '../content/types';
import type { Scheduler } from './fsrsScheduler';
import type { ReviewRecord } from './progressFile';
import { localDay } from './quizSession';

/** Consecutive days with at least one review, ending today (or yesterday, if today has none yet). */
export function streak(reviews: readonly ReviewRecord[], now: Date): { current: number; longest: number; reviewedToday: boolean } {
  const days = new Set(reviews.map((r) => localDay(new Date(r.at))));
  const reviewedToday = days.has(localDay(now));
  let current = 0;
  const d = new Date(now);
  if (!reviewedToday) d.setDate(d.getDate() - 1);
  while (days.has(localDay(d))) {
    current++;
    d.setDate(d.getDate() - 1);
  }
  const sorted = [...days].sort();
  let longest = 0;
  let run = 0;
  let prev: string | undefined;
  for (const day of sorted) {
    run = prev && nextDay(prev) === day ? run + 1 : 1;
    longest = Math.max(longest, run);
    prev = day;
  }
  return { current, longest: Math.max(longest, current), reviewedToday };
}

function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return localDay(new Date(y, m - 1, d + 1));
}

/**
 * The cards of quiz items the bank still has. The log keeps reviews of deleted or renamed (user)
 * questions, so their history is not lost, but they are no longer studied, due or forecast.
 */
export function cardsInBank(bank: Bank, cards: ReadonlyMap<string, Card>): Map<string, Card> {
  const out = new Map<string, Card>();
  for (const q of bank.questions) for (const item of q.quiz) {
    const c = cards.get(item.id);
    if (c) out.set(item.id, c);
  }
  return out;
}

export function reviewsPerDay(reviews: readonly ReviewRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of reviews) {
    const day = localDay(new Date(r.at));
    out[day] = (out[day] ?? 0) + 1;
  }
  return out;
}

/** Share of reviews of already-learned items answered without "Again", per topic. */
export function retentionByTopic(bank: Bank, reviews: readonly ReviewRecord[]): { topic: string; title: string; reviews: number; retention: number | null }[] {
  const topicOfItem = itemTopicIndex(bank);
  const seen = new Set<string>();
  const counts = new Map<string, { n: number; ok: number }>();
  for (const r of [...reviews].sort((a, b) => a.at.localeCompare(b.at))) {
    const topic = topicOfItem.get(r.itemId);
    const first = !seen.has(r.itemId);
    seen.add(r.itemId);
    if (!topic || first) continue;
    const c = counts.get(topic) ?? { n: 0, ok: 0 };
    c.n++;
    if (r.rating > 1) c.ok++;
    counts.set(topic, c);
  }
  return bank.topics.map((t) => {
    const c = counts.get(t.id);
    return { topic: t.id, title: t.title, reviews: c?.n ?? 0, retention: c && c.n ? c.ok / c.n : null };
  });
}

export function dueForecast(cards: ReadonlyMap<string, Card>, now: Date, days = 30): { day: string; due: number }[] {
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  const out = Array.from({ length: days }, (_, i) => {
    const d = new Date(start);
    d.setDate(d.getDate() + i);
    return { day: localDay(d), due: 0 };
  });
  const index = new Map(out.map((o, i) => [o.day, i]));
  for (const c of cards.values()) {
    if (c.state === State.New) continue;
    const day = c.due.getTime() <= now.getTime() ? localDay(now) : localDay(c.due);
    const i = index.get(day);
    if (i !== undefined) out[i].due++;
  }
  return out;
}

export interface QuestionMastery {
  /** Mean FSRS retrievability over the question's reviewed items; undefined if none reviewed. */
  mastery?: number;
  due: number;
  seen: boolean;
}

export function questionMastery(q: Question, cards: ReadonlyMap<string, Card>, scheduler: Scheduler, now: Date): QuestionMastery {
  let sum = 0;
  let n = 0;
  let due = 0;
  for (const item of q.quiz) {
    const c = cards.get(item.id);
    if (!c || c.state === State.New) continue;
    n++;
    sum += scheduler.retrievability(c, now);
    if (c.due.getTime() <= now.getTime()) due++;
  }
  return { mastery: n ? sum / n : undefined, due, seen: n > 0 };
}

function itemTopicIndex(bank: Bank): Map<string, string> {
  const m = new Map<string, string>();
  for (const q of bank.questions) for (const i of q.quiz) m.set(i.id, q.topic);
  return m;
}
