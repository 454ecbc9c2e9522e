// Search speed and memory: model load, one query embedding, full hybrid search, first-use bank
// embedding, model + index memory, and the hybrid / BM25-only time ratio, all from one run.
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { loadBankFromDir } from '../../src/core/content/loadBank';
import { embedQuery, importOnnxRuntime, loadStaticEmbedder, type Embedder, type TsEmbedder } from '../../src/core/search/embedders';
import { misspell } from '../misspell';
import { mulberry32 } from '../train/rng';
import { SearchIndex } from '../../src/core/search/searchIndex';
import { MemoryVectorCache } from '../../src/core/search/vectorCache';
import { median, sample, type BenchRow } from './benchUtil';

const ROOT = join(import.meta.dirname, '..', '..');
const MODEL_DIR = join(ROOT, 'models');
const QUERIES = [
  'why does my GAN keep making the same face',
  'top_p vs temperature',
  'lora_alpha',
  'how do I stop the model making stuff up',
  'retreival augmented genration',
  'kv cache memory for a 70b model',
];

// A real gc() even without --expose-gc (npm run bench runs plain tsx): memory rows need it.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;
function gc(): void {
  collect();
  collect();
}

/** Bytes owned by JavaScript: V8 heap plus external memory (ArrayBuffers, Buffers). */
function jsBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

export async function run(): Promise<BenchRow[]> {
  const { bank } = loadBankFromDir(join(ROOT, 'content'));
  // Memory first, in a clean process state. Two figures:
  //  - model + index (JS): V8 heap + external bytes that the loaded model (int8 weights, tokenizer),
  //    the BM25 index, the bank texts and the bank vectors add, measured after onnxruntime-node's
  //    import and with everything reachable from `index` alive;
  //  - process RSS: everything above plus onnxruntime-node itself (native library, session, its own
  //    copy of the weights), from before the import.
  gc();
  const rss0 = process.memoryUsage().rss;
  const tImport = performance.now();
  await importOnnxRuntime();
  const importMs = performance.now() - tImport;
  gc();
  const js0 = jsBytes();
  const embedder = await loadStaticEmbedder(MODEL_DIR);
  if (!embedder) throw new Error('the bundled model did not load');
  const index = new SearchIndex({ bank, embedder });
  await index.warmUp();
  await index.search(QUERIES[0]);
  await index.search(QUERIES[4]); // a misspelt query: the spelling index is built and counted
  gc();
  const js1 = jsBytes();
  const rss1 = process.memoryUsage().rss;

  const loads = await sample(async () => {
    const e = await loadStaticEmbedder(MODEL_DIR);
    await e?.dispose();
  }, { warmup: 1, iterations: 7 });
  const tsEmbedder = (await loadStaticEmbedder(MODEL_DIR, { runtime: 'ts' })) as Embedder;

  let qi = 0;
  const embedOnnx = await sample(() => embedQuery(embedder, QUERIES[qi++ % QUERIES.length]), { iterations: 200 });
  const embedTs = await sample(() => embedQuery(tsEmbedder, QUERIES[qi++ % QUERIES.length]), { iterations: 200 });

  // Misspelt query words: the first one of a session builds the spelling index (a radix tree over
  // the vocabulary); each new one after that is an edit-distance lookup (then cached).
  const firstSlip: number[] = [];
  for (let i = 0; i < 8; i++) {
    const e = (await loadStaticEmbedder(MODEL_DIR, { runtime: 'ts' })) as TsEmbedder;
    const t = performance.now();
    e.embedSync('retreival augmented genration', true);
    if (i > 0) firstSlip.push(performance.now() - t);
  }
  firstSlip.sort((a, b) => a - b);
  const tok = (tsEmbedder as TsEmbedder).tokenizer;
  const slipRand = mulberry32(11);
  const longWords = tok.spec.vocab.filter((w) => w.length >= 6 && /^[a-z]+$/.test(w));
  const unseen = new Set<string>();
  while (unseen.size < 205) {
    const w = misspell(longWords[Math.floor(slipRand() * longWords.length)], slipRand);
    if (tok.wordId(w) === undefined) unseen.add(w);
  }
  const slipWords = [...unseen];
  let si = 0;
  const slips = await sample(() => tok.knownForm(slipWords[si++]), { iterations: 200 });

  const embedMs: number[] = [];
  const firstUse = await sample(async () => {
    const fresh = new SearchIndex({ bank, embedder, cache: new MemoryVectorCache() });
    const t1 = performance.now();
    await fresh.warmUp();
    embedMs.push(performance.now() - t1);
  }, { warmup: 1, iterations: 7 });
  embedMs.splice(0, 1);
  const builds = await sample(() => new SearchIndex({ bank, embedder }), { warmup: 1, iterations: 7 });

  const hybrid = await sample(() => index.search(QUERIES[qi++ % QUERIES.length], { k: 10 }), { iterations: 200 });
  const bm25 = await sample(() => index.search(QUERIES[qi++ % QUERIES.length], { k: 10, mode: 'bm25' }), { iterations: 200 });
  const tsIndex = new SearchIndex({ bank, embedder: tsEmbedder });
  await tsIndex.warmUp();
  const hybridTs = await sample(() => tsIndex.search(QUERIES[qi++ % QUERIES.length], { k: 10 }), { iterations: 200 });
  await embedder.dispose();

  return [
    { name: 'onnxruntime-node import (once per process)', value: importMs, unit: 'ms' },
    { name: 'model load (read + verify + ONNX session)', value: median(loads), unit: 'ms', goal: 100 },
    { name: 'one query embedding (onnxruntime)', value: median(embedOnnx), unit: 'ms', goal: 0.5 },
    { name: 'one query embedding (TypeScript fallback)', value: median(embedTs), unit: 'ms', goal: 0.5 },
    { name: 'first misspelt query word of a session (builds the spelling index)', value: median(firstSlip), unit: 'ms' },
    { name: 'a new misspelt word (edit-distance lookup, then cached)', value: median(slips), unit: 'ms' },
    { name: `search: embed + BM25 + fuse + top-10 (${bank.questions.length} questions)`, value: median(hybrid), unit: 'ms', goal: 2 },
    { name: 'search with the TypeScript fallback', value: median(hybridTs), unit: 'ms', goal: 2 },
    { name: 'BM25-only search', value: median(bm25), unit: 'ms' },
    { name: 'ratio search / BM25-only', value: median(hybrid) / median(bm25), unit: '×' },
    { name: 'first use, no cache: BM25 build + bank embedding', value: median(firstUse), unit: 'ms', goal: 200 },
    { name: '  of which bank texts + BM25 index (constructor)', value: median(builds), unit: 'ms' },
    { name: '  of which bank embedding (warmUp, every view)', value: median(embedMs.sort((a, b) => a - b)), unit: 'ms' },
    { name: 'model + index memory (JS heap + external)', value: (js1 - js0) / 1e6, unit: 'MB', goal: 40 },
    { name: 'process RSS delta incl. onnxruntime', value: (rss1 - rss0) / 1e6, unit: 'MB' },
  ];
}
