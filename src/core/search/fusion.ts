// Hybrid ranking: a convex combination of min-max-normalised BM25 and dense scores (Bruch et al.
// 2022, "An Analysis of Fusion Functions for Hybrid Retrieval"). Documents BM25 did not match score
// 0 there, so BM25 is normalised by its maximum over the whole collection (min 0).
import type { ScoredId } from './bm25';

/** Weight of the dense side, tuned on the dev split by scripts/evalSearch.ts --tune. */
export const DEFAULT_FUSION_ALPHA = 0.9;

export function normalizeMinMax(scores: ArrayLike<number>, min?: number): Float32Array {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    lo = Math.min(lo, scores[i]);
    hi = Math.max(hi, scores[i]);
  }
  if (min !== undefined) lo = Math.min(lo, min);
  const out = new Float32Array(scores.length);
  const span = hi - lo;
  if (!(span > 0)) return out;
  for (let i = 0; i < scores.length; i++) out[i] = (scores[i] - lo) / span;
  return out;
}

/**
 * Fuses BM25 hits (any subset of `ids`) with dense scores for every id.
 * alpha = 1 is dense only, alpha = 0 BM25 only (ties broken by dense).
 */
export function fuseScores(ids: string[], dense: ArrayLike<number> | undefined, bm25: ScoredId[], alpha: number): Float32Array {
  const pos = new Map(ids.map((id, i) => [id, i]));
  const kw = new Float32Array(ids.length);
  for (const h of bm25) {
    const i = pos.get(h.id);
    if (i !== undefined) kw[i] = h.score;
  }
  const kwN = normalizeMinMax(kw, 0);
  if (!dense) return kwN;
  const dN = normalizeMinMax(dense);
  const a = Math.min(1, Math.max(0, alpha));
  const out = new Float32Array(ids.length);
  // A tiny dense share keeps a total order when BM25 alone ties (alpha = 0).
  for (let i = 0; i < ids.length; i++) out[i] = a * dN[i] + (1 - a) * kwN[i] + 1e-6 * dN[i];
  return out;
}
