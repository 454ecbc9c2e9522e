// The on-disk format of a learner's progress: the full review log plus card states derived from it.
// Versioned; older versions migrate forward, newer ones are never overwritten.
import { z } from 'zod';

export const PROGRESS_SCHEMA_VERSION = 2;

export const reviewRecordSchema = z.object({
  /** Unique per review, so logs from two windows or an import merge without duplicates. */
  id: z.string().min(1),
  itemId: z.string().min(1),
  rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  at: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date'),
  durationMs: z.number().nonnegative().optional(),
  correct: z.boolean().optional(),
});
export type ReviewRecord = z.infer<typeof reviewRecordSchema>;

const cardSchema = z.object({
  due: z.string(),
  stability: z.number(),
  difficulty: z.number(),
  reps: z.number(),
  lapses: z.number(),
  state: z.enum(['new', 'learning', 'review', 'relearning']),
  lastReview: z.string().optional(),
  scheduledDays: z.number(),
});

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date');

/**
 * Written by "Reset progress": every review before `at` belongs to the history that was reset, so
 * a window still holding such reviews drops them instead of merging them back. `epoch` counts
 * resets (and imports that bring old history back); the marker with the higher epoch wins.
 * Optional, so files written before it existed still load.
 */
export const resetMarkerSchema = z.object({
  epoch: z.number().int().nonnegative(),
  at: isoDate,
});
export type ResetMarker = z.infer<typeof resetMarkerSchema>;

export const progressV2Schema = z.object({
  schemaVersion: z.literal(2),
  createdAt: z.string(),
  updatedAt: z.string(),
  reset: resetMarkerSchema.optional(),
  reviews: z.array(reviewRecordSchema),
  cards: z.record(z.string(), cardSchema),
});
export type ProgressData = z.infer<typeof progressV2Schema>;

/**
 * The same file checked only down to the list of reviews: used when the strict schema fails, so one
 * bad record (a hand edit, a sync tool) costs that record, not the whole history. Card states are
 * derived from the log and recomputed on load, so unreadable ones are simply ignored.
 */
const progressV2EnvelopeSchema = progressV2Schema.extend({
  reset: z.unknown().optional(),
  reviews: z.array(z.unknown()),
  cards: z.unknown().optional(),
});

/** Version 1 (0.0.x previews) kept reviews as [itemId, rating, epochMillis] tuples, no ids, no cards. */
const v1ReviewSchema = z.tuple([z.string(), z.number().int().min(1).max(4), z.number()]);
const progressV1Schema = z.object({
  schemaVersion: z.literal(1),
  reviews: z.array(v1ReviewSchema),
});
const progressV1EnvelopeSchema = progressV1Schema.extend({
  reviews: z.array(z.unknown()),
});

export type ParseOutcome =
  /** `dropped` counts invalid review records left out (with the first problem in `droppedReason`). */
  | { kind: 'ok'; data: ProgressData; migratedFrom?: number; dropped?: number; droppedReason?: string }
  | { kind: 'future'; version: number }
  | { kind: 'corrupt'; reason: string };

export function emptyProgress(now: Date): ProgressData {
  const t = now.toISOString();
  return { schemaVersion: 2, createdAt: t, updatedAt: t, reviews: [], cards: {} };
}

export function parseProgress(text: string): ParseOutcome {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { kind: 'corrupt', reason: `not valid JSON (${(e as Error).message})` };
  }
  const version = (raw as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== 'number') return { kind: 'corrupt', reason: 'no schemaVersion field' };
  if (version > PROGRESS_SCHEMA_VERSION) return { kind: 'future', version };
  if (version === 1) {
    const v1 = progressV1Schema.safeParse(raw);
    if (v1.success) return { kind: 'ok', data: migrateV1(v1.data), migratedFrom: 1 };
    const env = progressV1EnvelopeSchema.safeParse(raw);
    if (!env.success) return { kind: 'corrupt', reason: `version 1 file does not match its schema: ${v1.error.issues[0]?.message}` };
    const { valid, dropped, reason } = keepValid(env.data.reviews, v1ReviewSchema, 'reviews');
    return { kind: 'ok', data: migrateV1({ schemaVersion: 1, reviews: valid }), migratedFrom: 1, ...(dropped ? { dropped, droppedReason: reason } : {}) };
  }
  const v2 = progressV2Schema.safeParse(raw);
  if (v2.success) return { kind: 'ok', data: v2.data };
  const env = progressV2EnvelopeSchema.safeParse(raw);
  if (!env.success) {
    const i = v2.error.issues[0];
    return { kind: 'corrupt', reason: `does not match the schema at ${i?.path.join('.') || '(root)'}: ${i?.message}` };
  }
  const { valid, dropped, reason } = keepValid(env.data.reviews, reviewRecordSchema, 'reviews');
  const reset = resetMarkerSchema.safeParse(env.data.reset);
  const data: ProgressData = {
    schemaVersion: 2,
    createdAt: env.data.createdAt,
    updatedAt: env.data.updatedAt,
    ...(reset.success ? { reset: reset.data } : {}),
    reviews: valid,
    cards: {},
  };
  return { kind: 'ok', data, ...(dropped ? { dropped, droppedReason: reason } : {}) };
}

function keepValid<T>(items: readonly unknown[], schema: z.ZodType<T>, path: string): { valid: T[]; dropped: number; reason?: string } {
  const valid: T[] = [];
  let dropped = 0;
  let reason: string | undefined;
  items.forEach((item, index) => {
    const r = schema.safeParse(item);
    if (r.success) {
      valid.push(r.data);
      return;
    }
    dropped++;
    if (reason === undefined) {
      const i = r.error.issues[0];
      reason = `${[path, index, ...(i?.path ?? [])].join('.')}: ${i?.message}`;
    }
  });
  return { valid, dropped, reason };
}

function migrateV1(v1: z.infer<typeof progressV1Schema>): ProgressData {
  const times = v1.reviews.map((r) => r[2]);
  const first = new Date(times.length ? Math.min(...times) : Date.now()).toISOString();
  return {
    schemaVersion: 2,
    createdAt: first,
    updatedAt: new Date().toISOString(),
    reviews: v1.reviews.map(([itemId, rating, at], i) => ({
      id: `v1-${at}-${i}-${itemId}`,
      itemId,
      rating: rating as 1 | 2 | 3 | 4,
      at: new Date(at).toISOString(),
    })),
    cards: {},
  };
}

/** Whether a reset marker supersedes another: the higher epoch wins, then the later reset. */
export function newerReset(a: ResetMarker | undefined, b: ResetMarker | undefined): ResetMarker | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.epoch !== b.epoch) return a.epoch > b.epoch ? a : b;
  return Date.parse(a.at) >= Date.parse(b.at) ? a : b;
}

/** The reviews a reset marker keeps: those at or after the reset. */
export function afterReset(reviews: readonly ReviewRecord[], reset: ResetMarker | undefined): ReviewRecord[] {
  if (!reset) return [...reviews];
  const cut = Date.parse(reset.at);
  return reviews.filter((r) => Date.parse(r.at) >= cut);
}

/** Union of two logs by review id, ordered by time. Nothing present in either is dropped. */
export function mergeReviews(a: readonly ReviewRecord[], b: readonly ReviewRecord[]): ReviewRecord[] {
  const byId = new Map<string, ReviewRecord>();
  for (const r of a) byId.set(r.id, r);
  for (const r of b) if (!byId.has(r.id)) byId.set(r.id, r);
  return [...byId.values()].sort((x, y) => x.at.localeCompare(y.at) || x.id.localeCompare(y.id));
}
