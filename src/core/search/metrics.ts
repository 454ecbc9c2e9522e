// Ranking metrics for the labelled query set (binary relevance; recall@k = relevant in top k / all relevant).

export interface RankMetrics {
  recall1: number;
  recall5: number;
  mrr10: number;
  ndcg10: number;
}

export function queryMetrics(ranked: string[], relevant: string[]): RankMetrics {
  const rel = new Set(relevant);
  const hits = (k: number) => ranked.slice(0, k).filter((id) => rel.has(id)).length;
  const firstRank = ranked.slice(0, 10).findIndex((id) => rel.has(id));
  let dcg = 0;
  ranked.slice(0, 10).forEach((id, i) => {
    if (rel.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let idcg = 0;
  for (let i = 0; i < Math.min(10, rel.size); i++) idcg += 1 / Math.log2(i + 2);
  return {
    recall1: rel.size ? hits(1) / rel.size : 0,
    recall5: rel.size ? hits(5) / rel.size : 0,
    mrr10: firstRank >= 0 ? 1 / (firstRank + 1) : 0,
    ndcg10: idcg > 0 ? dcg / idcg : 0,
  };
}

export function meanMetrics(all: RankMetrics[]): RankMetrics {
  const n = all.length || 1;
  const sum = (k: keyof RankMetrics) => all.reduce((s, m) => s + m[k], 0) / n;
  return { recall1: sum('recall1'), recall5: sum('recall5'), mrr10: sum('mrr10'), ndcg10: sum('ndcg10') };
}

export interface PairedInterval {
  /** Mean of a − b over the queries. */
  mean: number;
  /** Percentile interval of the resampled means at `level`. */
  lo: number;
  hi: number;
  /** Share of resamples whose mean difference is ≤ `threshold`. */
  atMost: number;
}

/**
 * Paired bootstrap over queries (Efron; the usual check in IR evaluation, Sakai 2006): resample the
 * query set with replacement and recompute the mean of a[i] − b[i], so a margin between two
 * retrievers on the same queries comes with how much it would move on another query sample of the
 * same size. `rand` returns uniform numbers in [0, 1) (pass a seeded one for repeatable output).
 */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[],
  rand: () => number,
  opts: { iterations?: number; level?: number; threshold?: number } = {},
): PairedInterval {
  if (a.length !== b.length) throw new Error(`paired bootstrap needs equal lengths (${a.length} vs ${b.length})`);
  const n = a.length;
  if (n === 0) return { mean: 0, lo: 0, hi: 0, atMost: 1 };
  const iterations = opts.iterations ?? 10_000;
  const level = opts.level ?? 0.95;
  const threshold = opts.threshold ?? 0;
  const d = Float64Array.from(a, (x, i) => x - b[i]);
  const mean = d.reduce((s, x) => s + x, 0) / n;
  const means = new Float64Array(iterations);
  let atMost = 0;
  for (let it = 0; it < iterations; it++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += d[Math.floor(rand() * n)];
    means[it] = s / n;
    if (means[it] <= threshold + 1e-12) atMost++;
  }
  means.sort();
  const q = (p: number) => means[Math.min(iterations - 1, Math.max(0, Math.round(p * (iterations - 1))))];
  return { mean, lo: q((1 - level) / 2), hi: q(1 - (1 - level) / 2), atMost: atMost / iterations };
}
