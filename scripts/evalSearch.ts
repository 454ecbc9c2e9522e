// `npm run eval:search [-- --json] [--split test|dev|all] [--tune] [--model DIR] [--typos]`
// Recall@1, Recall@5, MRR@10 and nDCG@10 of BM25 only, dense only and hybrid on the labelled
// queries in test/fixtures/search-eval.json (test split by default). `--tune` grid-searches the
// fusion weight and the dense view mix on the dev split only. `--typos` is a robustness check: every
// query first gets two keyboard slips (scripts/misspell.ts, fixed seed) in words of ≥ 5 letters.
// Under the table: each margin over BM25 with a 95 % paired-bootstrap interval over the queries, so a
// margin near a goal reads with its sampling error (a few queries moving a rank move it by ±0.02).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBankFromDir } from '../src/core/content/loadBank';
import type { DenseScoring } from '../src/core/search/dense';
import { loadStaticEmbedder, type Embedder } from '../src/core/search/embedders';
import { meanMetrics, pairedBootstrap, queryMetrics, type RankMetrics } from '../src/core/search/metrics';
import { SearchIndex, type SearchMode } from '../src/core/search/searchIndex';
import { MemoryVectorCache } from '../src/core/search/vectorCache';
import { misspellOneWord } from './misspell';
import { mulberry32 } from './train/rng';

const ROOT = join(import.meta.dirname, '..');

export interface EvalQuery {
  id: string;
  query: string;
  relevant: string[];
  kind: string;
  split: 'dev' | 'test';
}

export function loadEvalQueries(): EvalQuery[] {
  return (JSON.parse(readFileSync(join(ROOT, 'test/fixtures/search-eval.json'), 'utf8')) as { queries: EvalQuery[] }).queries;
}

/** Each query's metrics, in the order of `queries`. */
export async function evaluatePerQuery(index: SearchIndex, queries: EvalQuery[], mode: SearchMode): Promise<RankMetrics[]> {
  const ms: RankMetrics[] = [];
  for (const q of queries) {
    const hits = await index.search(q.query, { k: 10, mode });
    ms.push(queryMetrics(hits.map((h) => h.id), q.relevant));
  }
  return ms;
}

export async function evaluate(index: SearchIndex, queries: EvalQuery[], mode: SearchMode): Promise<RankMetrics> {
  return meanMetrics(await evaluatePerQuery(index, queries, mode));
}

type MakeIndex = (fusionAlpha?: number, denseScoring?: DenseScoring) => SearchIndex;

/** Grid search of the dense view mix (dense only), then of the fusion weight (hybrid), on `queries`. */
async function tune(queries: EvalQuery[], make: MakeIndex): Promise<{ scoring: DenseScoring; denseNdcg: number; alpha: number; ndcg: number }> {
  const mixes: DenseScoring[] = [];
  for (const short of [0.2, 0.3, 0.4, 0.5, 0.6]) for (const summary of [0.1, 0.2, 0.3, 0.4]) for (const passage of [0, 0.15, 0.3, 0.5]) {
    const body = Number((1 - short - summary).toFixed(2));
    if (body >= 0) mixes.push({ short, summary, body, passage });
  }
  let bestDense = { ndcg: -1, scoring: mixes[0] };
  for (const scoring of mixes) {
    const m = await evaluate(make(1, scoring), queries, 'dense');
    if (m.ndcg10 > bestDense.ndcg + 1e-9) bestDense = { ndcg: m.ndcg10, scoring };
  }
  let best = { ndcg: -1, alpha: 0 };
  for (let a = 0; a <= 1.0001; a += 0.05) {
    const alpha = Number(a.toFixed(2));
    const m = await evaluate(make(alpha, bestDense.scoring), queries, 'hybrid');
    if (m.ndcg10 > best.ndcg + 1e-9) best = { ndcg: m.ndcg10, alpha };
  }
  return { scoring: bestDense.scoring, denseNdcg: bestDense.ndcg, ...best };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const split = arg('--split') ?? 'test';
  const modelDir = arg('--model') ?? join(ROOT, 'models');
  const { bank } = loadBankFromDir(join(ROOT, 'content'));
  const known = new Set(bank.questions.map((q) => q.id));
  const all = loadEvalQueries();
  const usable = all.filter((q) => q.relevant.every((r) => known.has(r)));
  const embedder: Embedder | undefined = await loadStaticEmbedder(modelDir, {
    onNotice: (n) => process.stderr.write(`${n.message}${n.detail ? ` (${n.detail})` : ''}\n`),
  });
  const cache = new MemoryVectorCache();
  const make: MakeIndex = (fusionAlpha, denseScoring) =>
    new SearchIndex({ bank, embedder: embedder ?? null, cache, fusionAlpha, denseScoring });

  if (process.argv.includes('--tune')) {
    const dev = usable.filter((q) => q.split === 'dev');
    const tuned = await tune(dev, make);
    process.stdout.write(`dev (${dev.length} queries): dense mix ${JSON.stringify(tuned.scoring)} nDCG@10 ${tuned.denseNdcg.toFixed(4)}; ` +
      `hybrid alpha ${tuned.alpha} nDCG@10 ${tuned.ndcg.toFixed(4)}\n`);
    // How much of that is fitting dev: tune on one half of dev, measure on the other (2-fold).
    const halves = [dev.filter((_, i) => i % 2 === 0), dev.filter((_, i) => i % 2 === 1)];
    for (const [fit, held] of [[halves[0], halves[1]], [halves[1], halves[0]]]) {
      const t = await tune(fit, make);
      const heldTuned = await evaluate(make(t.alpha, t.scoring), held, 'hybrid');
      const heldDefault = await evaluate(make(), held, 'hybrid');
      const heldBm25 = await evaluate(make(), held, 'bm25');
      process.stdout.write(`2-fold: tuned on ${fit.length} (alpha ${t.alpha}, mix ${JSON.stringify(t.scoring)}), held-out ${held.length}: ` +
        `hybrid ${heldTuned.ndcg10.toFixed(4)} (shipped defaults ${heldDefault.ndcg10.toFixed(4)}, BM25 ${heldBm25.ndcg10.toFixed(4)})\n`);
    }
    return;
  }

  const typos = process.argv.includes('--typos');
  const slip = mulberry32(0x5eed);
  const queries = (split === 'all' ? usable : usable.filter((q) => q.split === split)).map((q) =>
    typos ? { ...q, query: misspellOneWord(misspellOneWord(q.query, slip), slip) } : q,
  );
  const index = make();
  const result: Record<string, RankMetrics> = {};
  const perQuery: Partial<Record<SearchMode, RankMetrics[]>> = {};
  for (const mode of ['bm25', 'dense', 'hybrid'] as const) {
    if (mode !== 'bm25' && !embedder) continue;
    perQuery[mode] = await evaluatePerQuery(index, queries, mode);
    result[mode] = meanMetrics(perQuery[mode]);
  }
  const round = (m: RankMetrics) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Number(v.toFixed(4))]));
  if (json) {
    process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(result).map(([k, v]) => [k, round(v)]))) + '\n');
    return;
  }
  const skipped = all.filter((q) => (split === 'all' || q.split === split) && !q.relevant.every((r) => known.has(r))).length;
  process.stdout.write(`split: ${split}, ${queries.length} queries${skipped ? ` (${skipped} skipped: relevant question not in the bank yet)` : ''}, ` +
    `bank: ${bank.questions.length} questions, embedder: ${embedder?.kind ?? 'none'}${typos ? ', every query with two keyboard slips' : ''}\n\n`);
  process.stdout.write('| retriever | Recall@1 | Recall@5 | MRR@10 | nDCG@10 |\n|---|---|---|---|---|\n');
  for (const [mode, m] of Object.entries(result)) {
    process.stdout.write(`| ${mode} | ${m.recall1.toFixed(3)} | ${m.recall5.toFixed(3)} | ${m.mrr10.toFixed(3)} | ${m.ndcg10.toFixed(3)} |\n`);
  }
  // How far each margin over BM25 could move on another sample of as many queries.
  const ndcg = (mode: SearchMode) => (perQuery[mode] ?? []).map((m) => m.ndcg10);
  for (const mode of ['dense', 'hybrid'] as const) {
    if (!perQuery[mode]) continue;
    const goal = mode === 'hybrid' ? 0.05 : 0;
    const b = pairedBootstrap(ndcg(mode), ndcg('bm25'), mulberry32(0xb007), { threshold: goal });
    const sign = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
    process.stdout.write(`\n${mode} − bm25 nDCG@10: ${sign(b.mean)}, 95 % paired-bootstrap interval ${sign(b.lo)} … ${sign(b.hi)} ` +
      `(10,000 resamples of the ${queries.length} queries; ${(100 * b.atMost).toFixed(0)} % of them at or below ${sign(goal)})`);
  }
  process.stdout.write('\n');
  if (process.argv.includes('--by-kind')) {
    // From the per-query figures above: no query is searched again.
    for (const kind of [...new Set(queries.map((q) => q.kind))]) {
      const sub = queries.flatMap((q, i) => (q.kind === kind ? [i] : []));
      const parts = (Object.keys(result) as SearchMode[]).map((mode) => `${mode} ${meanMetrics(sub.map((i) => perQuery[mode]![i])).ndcg10.toFixed(3)}`);
      process.stdout.write(`${kind} (${sub.length}): ${parts.join(', ')}\n`);
    }
  }
  if (process.argv.includes('--misses')) {
    for (const q of queries) {
      const hits = await index.search(q.query, { k: 5, mode: 'hybrid' });
      if (!q.relevant.includes(hits[0]?.id ?? '')) process.stdout.write(`MISS ${q.query} → ${hits.slice(0, 3).map((h) => h.id).join(', ')} (want ${q.relevant.join(', ')})\n`);
    }
  }
  await index.dispose();
}

if (process.argv[1] && /evalSearch\.ts$/.test(process.argv[1])) {
  main().catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  });
}
