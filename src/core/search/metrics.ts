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
