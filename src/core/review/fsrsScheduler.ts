// FSRS scheduling through ts-fsrs. Card states are never edited in place: they are the replay of
// the review log, so two logs merged by review id always give the same schedule everywhere.
import { createEmptyCard, fsrs, Rating, State, type Card, type Grade, type FSRS } from 'ts-fsrs';

export type RatingValue = 1 | 2 | 3 | 4;
export const RATING_LABELS: Record<RatingValue, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

export interface SchedulerOptions {
  desiredRetention: number;
  /** Fuzz spreads due dates so reviews learned together do not all return on the same day. */
  fuzz?: boolean;
  learningSteps?: string[];
  relearningSteps?: string[];
  maximumIntervalDays?: number;
}

export interface ReviewEvent {
  itemId: string;
  rating: RatingValue;
  at: string;
}

export interface CardSnapshot {
  due: string;
  stability: number;
  difficulty: number;
  reps: number;
  lapses: number;
  state: 'new' | 'learning' | 'review' | 'relearning';
  lastReview?: string;
  scheduledDays: number;
}

const STATE_NAMES: Record<State, CardSnapshot['state']> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning',
};

export class Scheduler {
  private readonly f: FSRS;

  constructor(readonly options: SchedulerOptions) {
    this.f = fsrs({
      request_retention: options.desiredRetention,
      enable_fuzz: options.fuzz ?? true,
      enable_short_term: true,
      learning_steps: (options.learningSteps ?? ['1m', '10m']) as never,
      relearning_steps: (options.relearningSteps ?? ['10m']) as never,
      maximum_interval: options.maximumIntervalDays ?? 36500,
    });
  }

  newCard(at: Date): Card {
    return createEmptyCard(at);
  }

  review(card: Card, rating: RatingValue, at: Date): Card {
    return this.f.next(card, at, rating as Grade).card;
  }

  /** Replays the log (any order) into one card per item. */
  replay(events: Iterable<ReviewEvent>): Map<string, Card> {
    const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
    const cards = new Map<string, Card>();
    for (const e of sorted) {
      const at = new Date(e.at);
      const card = cards.get(e.itemId) ?? this.newCard(at);
      cards.set(e.itemId, this.review(card, e.rating, at));
    }
    return cards;
  }

  retrievability(card: Card, now: Date): number {
    if (card.state === State.New) return 0;
    return this.f.get_retrievability(card, now, false);
  }

  /** What each rating would schedule next, for showing "Good → 3 days" on the buttons. */
  preview(card: Card | undefined, now: Date): Record<RatingValue, Date> {
    const c = card ?? this.newCard(now);
    const out = {} as Record<RatingValue, Date>;
    for (const r of [Rating.Again, Rating.Hard, Rating.Good, Rating.Easy] as const) {
      out[r as RatingValue] = this.f.next(c, now, r).card.due;
    }
    return out;
  }
}

export function snapshot(card: Card): CardSnapshot {
  return {
    due: card.due.toISOString(),
    stability: round(card.stability),
    difficulty: round(card.difficulty),
    reps: card.reps,
    lapses: card.lapses,
    state: STATE_NAMES[card.state],
    lastReview: card.last_review?.toISOString(),
    scheduledDays: card.scheduled_days,
  };
}

export function isDue(card: Card, now: Date): boolean {
  return card.state !== State.New && card.due.getTime() <= now.getTime();
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
