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

export const progressV2Schema = z.object({
  schemaVersion: z.literal(2),
  createdAt: z.string(),
  updatedAt: z.string(),
  reviews: z.array(reviewRecordSchema),
  cards: z.record(z.string(), cardSchema),
});
export type ProgressData = z.infer<typeof progressV2Schema>;

/** Version 1 (0.0.x previews) kept reviews as [itemId, rating, epochMillis] tuples, no ids, no cards. */
const progressV1Schema = z.object({
  schemaVersion: z.literal(1),
  reviews: z.array(z.tuple([z.string(), z.number().int().min(1).max(4), z.number()])),
});

export type ParseOutcome =
  | { kind: 'ok'; data: ProgressData; migratedFrom?: number }
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
    if (!v1.success) return { kind: 'corrupt', reason: `version 1 file does not match its schema: ${v1.error.issues[0]?.message}` };
    return { kind: 'ok', data: migrateV1(v1.data), migratedFrom: 1 };
  }
  const v2 = progressV2Schema.safeParse(raw);
  if (!v2.success) {
    const i = v2.error.issues[0];
    return { kind: 'corrupt', reason: `does not match the schema at ${i?.path.join('.') || '(root)'}: ${i?.message}` };
  }
  return { kind: 'ok', data: v2.data };
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

/** Union of two logs by review id, ordered by time. Nothing present in either is dropped. */
export function mergeReviews(a: readonly ReviewRecord[], b: readonly ReviewRecord[]): ReviewRecord[] {
  const byId = new Map<string, ReviewRecord>();
  for (const r of a) byId.set(r.id, r);
  for (const r of b) if (!byId.has(r.id)) byId.set(r.id, r);
  return [...byId.values()].sort((x, y) => x.at.localeCompare(y.at) || x.id.localeCompare(y.id));
}
