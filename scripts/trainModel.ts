// `npm run model:train`: trains the bundled static embedding model on CPU, deterministically.
//   1. vocabulary + pooling weights from the question bank (and WordNet, general English)
//   2. PPMI + truncated SVD word vectors over windowed co-occurrence counts
//   3. n-gram bucket rows fitted so a word's n-grams alone land near the word
//   4. contrastive (InfoNCE, in-batch negatives) fine-tuning on positive pairs from the content
//   5. int8 per-row quantisation, ONNX export, tokenizer.json, training-report.json
// The evaluation queries are never used as training data; the dev split only picks the checkpoint.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { loadBankFromDir } from '../src/core/content/loadBank';
import type { Bank } from '../src/core/content/types';
import { questionTexts, apiCardShortText, bodyParagraphs, plainText, symbolWords, type QuestionText } from '../src/core/search/bankText';
import { Bm25Index, bm25DocFrom } from '../src/core/search/bm25';
import { bankViews, DenseIndex, type DenseScoring } from '../src/core/search/dense';
import { embedFeatures, foldNgramRows, quantizeRows, buildStaticOnnx, type StaticWeights } from '../src/core/search/staticModel';
import { contentWords, StaticTokenizer, STOPWORDS, TOKENIZER_VERSION, words, type Features, type StaticTokenizerSpec } from '../src/core/search/tokenizer';
import { sha256, TsEmbedder, type Embedder } from '../src/core/search/embedders';
import { meanMetrics, queryMetrics } from '../src/core/search/metrics';
import { readWordNet, type Synset } from './train/wordnet';
import { cooccurrence, ppmiMatrix, truncatedSvd, type Sequence } from './train/ppmiSvd';
import { contrastiveStep, newState, type Pair } from './train/contrastive';
import { mulberry32, pick, shuffle } from './train/rng';
import { readTrainingQueries, TRAINING_QUERIES_DIR } from './train/queries';

const ROOT = join(import.meta.dirname, '..');

interface Options {
  dims: number;
  vocab: number;
  buckets: number;
  steps: number;
  batch: number;
  lr: number;
  tau: number;
  seed: number;
  wordnet: boolean;
  window: number;
  ngramShare: number;
  evalEvery: number;
  /** 1: at export keep only bank words and WordNet synonyms of bank words (others use n-grams). */
  prune: number;
  /** Share of question-pool batches built from BM25 neighbours (hard in-batch negatives). */
  hardShare: number;
  /** Questions per neighbourhood in a hard batch. */
  hardGroup: number;
  /**
   * Share of question-pool pairs whose anchor is a masked description: a sentence of the question's
   * key points, body, quiz explanations or glossary definitions with the question's own key terms
   * (title, alias and tag words) removed, paired with its title, an alias or the summary. An
   * inverse-cloze-style objective (Lee et al. 2019) for queries that describe a concept without
   * naming it.
   */
  maskedShare: number;
  /**
   * Probability that each word of a masked description is replaced by a single-word WordNet synonym
   * of it (a different word for the same sense), so descriptions in the learner's own vocabulary
   * still land on the question.
   */
  synonymRate: number;
  /**
   * Share of question-pool pairs whose anchor is one of the question's synthetic training queries
   * (models/training/queries), paired with its title, an alias, a key point, the summary or a body
   * paragraph.
   */
  queryShare: number;
  /**
   * 1: the training queries also count as corpus text (vocabulary, pooling weights, co-occurrence).
   * Off: it lowered dev nDCG@10 (their filler words shift the IDF weights).
   */
  queryDocs: number;
  /** Experiments only: a file caching the table after steps 2–3 (keyed by the options and the bank). */
  initCache: string;
  out: string;
  content: string;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    dims: 256,
    vocab: 24000,
    buckets: 16384,
    steps: 1200,
    batch: 128,
    lr: 0.001,
    tau: 0.05,
    seed: 20240611,
    wordnet: true,
    window: 5,
    ngramShare: 0.3,
    evalEvery: 100,
    prune: 1,
    hardShare: 0,
    hardGroup: 8,
    maskedShare: 0.3,
    synonymRate: 0,
    queryShare: 0.85,
    queryDocs: 0,
    initCache: '',
    out: join(ROOT, 'models'),
    content: join(ROOT, 'content'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--no-wordnet') o.wordnet = false;
    else if (a === '--out') o.out = next();
    else if (a === '--content') o.content = next();
    else if (a === '--init-cache') o.initCache = next();
    else if (a.startsWith('--')) {
      const key = a.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof Options;
      if (!(key in o) || typeof o[key] !== 'number') throw new Error(`unknown option ${a}`);
      (o as unknown as Record<string, number>)[key] = Number(next());
    }
  }
  return o;
}

const log = (msg: string) => process.stdout.write(`[${((performance.now() - T0) / 1000).toFixed(1)}s] ${msg}\n`);
const T0 = performance.now();

/** Every piece of prose in the bank, for co-occurrence counts and document frequencies. */
function contentDocuments(bank: Bank): string[] {
  const docs: string[] = [];
  for (const q of bank.questions) {
    docs.push(q.title, ...q.aliases, q.tags.join(' '), ...q.keyPoints, ...bodyParagraphs(q.body));
    for (const item of q.quiz) {
      docs.push(item.prompt);
      if (item.type === 'mcq' || item.type === 'multi') for (const o of item.options) docs.push(`${o.text} ${o.explanation}`);
      else if (item.type === 'free') docs.push(item.modelAnswer);
      else docs.push(item.explanation);
    }
  }
  for (const c of bank.apis) {
    docs.push(`${c.title} ${c.concept} ${c.summary}`, ...c.params.map((p) => `${p.name} ${p.meaning}`), ...c.pitfalls, ...bodyParagraphs(c.body));
  }
  for (const g of bank.glossary) docs.push(`${g.term}: ${g.definition}`);
  for (const t of bank.topics) docs.push(`${t.title} ${t.summary}`, ...bodyParagraphs(t.body));
  return docs.filter((d) => d.trim());
}

/**
 * Sentences that describe a question without naming it: key points, body sentences, quiz
 * explanations and glossary definitions, with every word of the question's title, aliases and tags
 * removed (stopwords never count). Sentences left with fewer than four words are dropped.
 */
function maskedDescriptions(t: QuestionText, q: Bank['questions'][number], bank: Bank): string[] {
  const keyWords = new Set(words([t.title, ...t.aliases, t.tags.join(' ')].join(' ')));
  // Inflections too (tokenizer / tokenization / tokenizes): a shared five-letter prefix counts.
  const keyStems = new Set([...keyWords].filter((w) => w.length >= 5).map((w) => w.slice(0, 5)));
  const sentences = (text: string) => plainText(text).split(/(?<=[.!?;:])\s+/);
  const sources: string[] = [...t.keyPoints, ...bodyParagraphs(q.body)];
  for (const item of q.quiz) {
    if (item.type === 'mcq' || item.type === 'multi') sources.push(...item.options.filter((o) => o.correct).map((o) => o.explanation));
    else if (item.type === 'free') sources.push(item.modelAnswer);
    else sources.push(item.explanation);
  }
  for (const g of bank.glossary) if (g.related.includes(q.id)) sources.push(g.definition);
  const out: string[] = [];
  for (const src of sources) {
    for (const sentence of sentences(src)) {
      const kept = contentWords(sentence).filter((w) => !keyWords.has(w) && !keyStems.has(w.slice(0, 5)));
      if (kept.length >= 4 && kept.length <= 30) out.push(kept.join(' '));
    }
  }
  return [...new Set(out)];
}

function buildVocab(
  opts: Options,
  docs: string[],
  synsets: Synset[],
): { vocab: string[]; weights: number[]; oovWeight: number; bankWords: Set<string> } {
  const df = new Map<string, number>();
  const contentCount = new Map<string, number>();
  for (const d of docs) {
    const ws = contentWords(d);
    for (const w of ws) contentCount.set(w, (contentCount.get(w) ?? 0) + 1);
    for (const w of new Set(ws)) df.set(w, (df.get(w) ?? 0) + 1);
  }
  const wnCount = new Map<string, number>();
  for (const s of synsets) {
    for (const w of contentWords(`${s.lemmas.join(' ')} ${s.gloss}`)) wnCount.set(w, (wnCount.get(w) ?? 0) + 1);
  }
  const byCount = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
  const vocab: string[] = [];
  const seen = new Set<string>();
  for (const w of byCount(contentCount)) {
    if (vocab.length >= opts.vocab) break;
    if (w.length > 40) continue;
    vocab.push(w);
    seen.add(w);
  }
  for (const w of byCount(wnCount)) {
    if (vocab.length >= opts.vocab) break;
    if (seen.has(w) || (wnCount.get(w) ?? 0) < 3 || w.length > 30 || /^\d+$/.test(w)) continue;
    vocab.push(w);
    seen.add(w);
  }
  const n = docs.length;
  const idf = (f: number) => Math.log(1 + n / (f + 1));
  const oovWeight = idf(1);
  // Words only seen in WordNet are rare in our domain: weight them like rare content words.
  const weights = vocab.map((w) => Number(idf(df.get(w) ?? 1).toFixed(4)));
  return { vocab, weights, oovWeight: Number(oovWeight.toFixed(4)), bankWords: new Set(contentCount.keys()) };
}

/** Float-table embedder used during training for dev checkpoints (no quantisation). */
class FloatEmbedder implements Embedder {
  readonly kind = 'ts' as const;
  readonly modelHash = 'training';
  constructor(
    private readonly tok: StaticTokenizer,
    private readonly table: Float32Array,
    readonly dims: number,
  ) {}
  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embedOne(t));
  }
  embedOne(t: string): Float32Array {
    const f = this.tok.features(t);
    const out = new Float32Array(this.dims);
    for (let i = 0; i < f.ids.length; i++) {
      const o = f.ids[i] * this.dims;
      for (let d = 0; d < this.dims; d++) out[d] += f.weights[i] * this.table[o + d];
    }
    let n = 0;
    for (let d = 0; d < this.dims; d++) n += out[d] * out[d];
    n = Math.sqrt(n) || 1;
    for (let d = 0; d < this.dims; d++) out[d] /= n;
    return out;
  }
  async dispose(): Promise<void> {}
}

/** A batch of questions drawn as whole BM25 neighbourhoods (no question twice). */
function hardBatch(neighbours: number[][], size: number, rand: () => number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (const seed of shuffle(neighbours.map((_, i) => i), rand)) {
    for (const q of neighbours[seed]) {
      if (out.length >= size) return out;
      if (!seen.has(q)) {
        seen.add(q);
        out.push(q);
      }
    }
  }
  return out;
}

interface EvalQuery {
  id: string;
  query: string;
  relevant: string[];
  split: 'dev' | 'test';
}

/**
 * The view mix used to pick the checkpoint: fixed here (the runtime default is re-tuned on dev after
 * training and may move), so a retrain reproduces the shipped model.
 */
const CHECKPOINT_SCORING: DenseScoring = { short: 0.4, summary: 0.3, body: 0.3 };

async function devScore(tok: StaticTokenizer, table: Float32Array, dims: number, texts: QuestionText[], dev: EvalQuery[]): Promise<number> {
  return devScoreOf(new FloatEmbedder(tok, table, dims), texts, dev);
}

async function devScoreOf(emb: Embedder & { embedOne(t: string): Float32Array }, texts: QuestionText[], dev: EvalQuery[]): Promise<number> {
  const index = await DenseIndex.build(bankViews(texts), emb, CHECKPOINT_SCORING);
  const known = new Set(texts.map((t) => t.id));
  const qs = dev.filter((q) => q.relevant.some((r) => known.has(r)));
  const ms = qs.map((q) => queryMetrics(index.search(emb.embedOne(q.query), 10).map((h) => h.id), q.relevant.filter((r) => known.has(r))));
  return meanMetrics(ms).ndcg10;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  // The initialisation and the contrastive batches each draw from their own stream of the seed, so
  // the batches are the same whether the initial table was computed or read from --init-cache.
  const initRand = mulberry32(opts.seed);
  const rand = mulberry32(opts.seed);
  const { bank } = loadBankFromDir(opts.content);
  const texts = questionTexts(bank);
  log(`bank: ${bank.questions.length} questions, ${bank.apis.length} API cards, ${bank.glossary.length} glossary terms`);
  const docs = contentDocuments(bank);
  const trainingQueries = readTrainingQueries(TRAINING_QUERIES_DIR, new Set(bank.questions.map((q) => q.id)));
  if (opts.queryDocs) for (const list of trainingQueries.byQuestion.values()) docs.push(...list);
  const synsets = opts.wordnet ? readWordNet() : [];
  log(`corpus: ${docs.length} content passages (${opts.queryDocs ? trainingQueries.total : 0} of them training queries), ${synsets.length} WordNet synsets`);
  log(`training queries: ${trainingQueries.total} for ${trainingQueries.byQuestion.size} questions (${trainingQueries.files} files)`);

  // 1. vocabulary and pooling weights
  const { vocab, weights, oovWeight, bankWords } = buildVocab(opts, docs, synsets);
  const spec: StaticTokenizerSpec = {
    format: 'genai-lens-static-embedding',
    version: TOKENIZER_VERSION,
    dims: opts.dims,
    vocab,
    weights,
    buckets: opts.buckets,
    minN: 3,
    maxN: 5,
    hashSeed: 0x9e3779b1 | 0,
    ngramShare: opts.ngramShare,
    oovWeight,
    stopwords: [...STOPWORDS],
  };
  const tok = new StaticTokenizer(spec);
  const V = vocab.length, D = opts.dims, R = tok.rows;
  log(`vocabulary: ${V} words + ${opts.buckets} n-gram buckets = ${R} rows × ${D}`);

  // 2–3 depend only on the options and the corpus: `--init-cache FILE` keeps the result between
  // experiments (never used by `npm run model:train`).
  const table = new Float32Array(R * D);
  const initKey = sha256(JSON.stringify({ ...opts, steps: 0, lr: 0, tau: 0, maskedShare: 0, queryShare: 0, hardShare: 0, hardGroup: 0, evalEvery: 0, out: '', initCache: '', content: bank.hash, queries: opts.queryDocs ? sha256(JSON.stringify([...trainingQueries.byQuestion])) : '' }));
  let ppmiNonZeros = 0;
  const cached = opts.initCache && existsSync(`${opts.initCache}.json`) ? (JSON.parse(readFileSync(`${opts.initCache}.json`, 'utf8')) as { key: string; ppmiNonZeros: number }) : undefined;
  if (cached?.key === initKey) {
    const buf = readFileSync(opts.initCache);
    table.set(new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
    ppmiNonZeros = cached.ppmiNonZeros;
    log(`initial table read from ${opts.initCache}`);
  } else {
    initialTable(table);
    if (opts.initCache) {
      writeFileSync(opts.initCache, Buffer.from(table.buffer));
      writeFileSync(`${opts.initCache}.json`, JSON.stringify({ key: initKey, ppmiNonZeros }));
    }
  }

  function initialTable(table: Float32Array): void {
    // 2. PPMI + SVD
    const toIds = (t: string) => Int32Array.from(words(t).map((w) => tok.wordId(w)).filter((x): x is number => x !== undefined));
    const seqs: Sequence[] = docs.map((d) => ({ ids: toIds(d), weight: 3 }));
    for (const s of synsets) seqs.push({ ids: toIds(`${s.lemmas.join(' ')} ${s.gloss}`), weight: 1 });
    const counts = cooccurrence(seqs, V, opts.window);
    const ppmi = ppmiMatrix(counts, V);
    ppmiNonZeros = ppmi.vals.length;
    log(`PPMI: ${ppmiNonZeros} non-zeros`);
    const wordVecs = truncatedSvd(ppmi, D, opts.seed, { iterations: 3, power: 0.5 });
    log('SVD done');

    // 3. table init: word rows, then n-gram buckets as the mean of the words that contain them, refined
    table.set(wordVecs);
    const bucketSum = new Float64Array(opts.buckets * D);
    const bucketN = new Float64Array(opts.buckets);
    for (let w = 0; w < V; w++) {
      for (const b of tok.ngramIds(vocab[w])) {
        const bi = b - V;
        bucketN[bi]++;
        for (let d = 0; d < D; d++) bucketSum[bi * D + d] += wordVecs[w * D + d];
      }
    }
    for (let b = 0; b < opts.buckets; b++) {
      if (!bucketN[b]) continue;
      for (let d = 0; d < D; d++) table[(V + b) * D + d] = bucketSum[b * D + d] / bucketN[b];
    }
    const order = Array.from({ length: V }, (_, i) => i);
    for (let epoch = 0; epoch < 4; epoch++) {
      shuffle(order, initRand);
      let err2 = 0;
      for (const w of order) {
        const grams = tok.ngramIds(vocab[w]);
        const pred = new Float32Array(D);
        for (const b of grams) for (let d = 0; d < D; d++) pred[d] += table[b * D + d] / grams.length;
        const lr = 0.5;
        for (let d = 0; d < D; d++) {
          const e = pred[d] - wordVecs[w * D + d];
          err2 += e * e;
          const g = (lr * e) / grams.length;
          for (const b of grams) table[b * D + d] -= g;
        }
      }
      log(`n-gram fit epoch ${epoch + 1}: mean squared error ${(err2 / V).toFixed(4)}`);
    }
  }

  // 4. contrastive pairs
  const feats = new Map<string, Features>();
  const F = (t: string): Features => {
    let f = feats.get(t);
    if (!f) feats.set(t, (f = tok.features(t)));
    return f;
  };
  const usable = (t: string) => F(t).ids.length > 0;
  const qPools = texts.map((t) => {
    const anchors = [t.title, ...t.aliases, ...t.keyPoints, t.tags.join(' '), ...t.quizPrompts, ...t.followUps, ...t.apiShort, ...t.glossaryTerms]
      .map(plainText)
      .filter(usable);
    const question = bank.questions.find((q) => q.id === t.id)!;
    const positives = [...anchors, t.summary, ...bodyParagraphs(question.body)].filter(usable);
    const masked = maskedDescriptions(t, question, bank).filter(usable);
    const targets = [t.title, ...t.aliases, t.summary].filter(usable);
    const queries = (trainingQueries.byQuestion.get(t.id) ?? []).filter(usable);
    return { anchors, positives, masked, targets, queries };
  });
  // Single-word WordNet synonyms of each word (for --synonym-rate).
  const synonyms = new Map<string, string[]>();
  if (opts.synonymRate > 0) {
    for (const syn of synsets) {
      const single = syn.lemmas.filter((l) => /^[a-z]+$/.test(l));
      if (single.length < 2) continue;
      for (const w of single) {
        const list = synonyms.get(w) ?? [];
        for (const o of single) if (o !== w && !list.includes(o)) list.push(o);
        synonyms.set(w, list);
      }
    }
  }
  const cardPairs = bank.apis.map((c) => {
    const short = apiCardShortText(c);
    const list: Array<[string, string]> = [[short, c.summary]];
    for (const p of c.params) list.push([`${p.name} ${c.concept}`, p.meaning]);
    for (const p of c.pitfalls) list.push([short, p]);
    return list.filter(([a, b]) => usable(a) && usable(b));
  });
  const glossPairs = bank.glossary.map((g) => [g.term, g.definition] as [string, string]).filter(([a, b]) => usable(a) && usable(b));
  const wnPairs: Array<[string, string]> = [];
  for (const s of synsets) {
    const inVocab = s.lemmas.filter((l) => !l.includes(' ') && tok.wordId(l) !== undefined);
    if (!inVocab.length) continue;
    const gloss = s.gloss.split(';')[0].replace(/["()]/g, ' ');
    if (inVocab.length >= 2) wnPairs.push([inVocab[0], inVocab[1]]);
    wnPairs.push([s.lemmas.join(', '), gloss]);
  }
  if (opts.maskedShare > 0) log(`masked descriptions: ${qPools.reduce((n, p) => n + p.masked.length, 0)}`);
  log(`pairs: ${qPools.length} question pools, ${cardPairs.flat().length} API-card pairs, ${glossPairs.length} glossary, ${wnPairs.length} WordNet`);

  const evalSet = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/search-eval.json'), 'utf8')) as { queries: EvalQuery[] };
  const dev = evalSet.queries.filter((q) => q.split === 'dev'); // the test split is never read here

  // BM25 neighbours of each question (its summary as the query): hard in-batch negatives.
  const neighbours: number[][] = [];
  if (opts.hardShare > 0) {
    const byId = new Map(bank.questions.map((q) => [q.id, q]));
    const bm25 = new Bm25Index(texts.map((t) => bm25DocFrom(t, byId.get(t.id)!.apis.map(symbolWords))));
    const pos = new Map(texts.map((t, i) => [t.id, i]));
    texts.forEach((t, i) => {
      const hits = bm25.search(`${t.title} ${t.aliases.join(' ')} ${t.tags.join(' ')}`).map((h) => pos.get(h.id)!).filter((j) => j !== undefined && j !== i);
      neighbours.push([i, ...hits.slice(0, opts.hardGroup - 1)]);
    });
  }

  const state = newState(table, R, D);
  let best = { step: 0, ndcg: await devScore(tok, table, D, texts, dev), table: Float32Array.from(table) };
  log(`dev nDCG@10 (dense) after init: ${best.ndcg.toFixed(4)}`);
  const B = Math.min(opts.batch, qPools.length);
  let lossAvg = 0;
  for (let step = 0; step < opts.steps; step++) {
    const r = rand();
    let batch: Pair[] = [];
    if (r < 0.55 || (!cardPairs.length && !glossPairs.length && !wnPairs.length)) {
      const qs = opts.hardShare > 0 && rand() < opts.hardShare ? hardBatch(neighbours, B, rand) : shuffle(qPools.map((_, i) => i), rand).slice(0, B);
      for (const qi of qs) {
        const pool = qPools[qi];
        if (pool.queries.length && pool.positives.length && opts.queryShare > 0 && rand() < opts.queryShare) {
          batch.push({ a: F(pick(pool.queries, rand)), b: F(pick(pool.positives, rand)) });
          continue;
        }
        if (pool.masked.length && pool.targets.length && opts.maskedShare > 0 && rand() < opts.maskedShare) {
          let a = pick(pool.masked, rand);
          if (opts.synonymRate > 0) {
            a = a.split(' ').map((w) => {
              const syn = synonyms.get(w);
              return syn && rand() < opts.synonymRate ? pick(syn, rand) : w;
            }).join(' ');
            batch.push({ a: tok.features(a), b: F(pick(pool.targets, rand)) });
          } else batch.push({ a: F(a), b: F(pick(pool.targets, rand)) });
          continue;
        }
        if (!pool.anchors.length || pool.positives.length < 2) continue;
        const a = pick(pool.anchors, rand);
        let b = pick(pool.positives, rand);
        for (let k = 0; k < 3 && b === a; k++) b = pick(pool.positives, rand);
        batch.push({ a: F(a), b: F(b) });
      }
    } else if (r < 0.7 && cardPairs.length) {
      const cs = shuffle(cardPairs.map((_, i) => i), rand).slice(0, B);
      for (const ci of cs) if (cardPairs[ci].length) {
        const [a, b] = pick(cardPairs[ci], rand);
        batch.push({ a: F(a), b: F(b) });
      }
    } else if (r < 0.78 && glossPairs.length >= 8) {
      batch = shuffle(glossPairs.slice(), rand).slice(0, B).map(([a, b]) => ({ a: F(a), b: F(b) }));
    } else if (wnPairs.length) {
      for (let k = 0; k < B; k++) {
        const [a, b] = pick(wnPairs, rand);
        batch.push({ a: tok.features(a), b: tok.features(b) });
      }
    }
    if (batch.length < 4) continue;
    const loss = contrastiveStep(state, batch, { lr: opts.lr, tau: opts.tau }, step);
    lossAvg = step === 0 ? loss : 0.98 * lossAvg + 0.02 * loss;
    if ((step + 1) % opts.evalEvery === 0 || step + 1 === opts.steps) {
      const ndcg = await devScore(tok, table, D, texts, dev);
      log(`step ${step + 1}: loss ${lossAvg.toFixed(3)}, dev nDCG@10 (dense) ${ndcg.toFixed(4)}`);
      if (ndcg > best.ndcg) best = { step: step + 1, ndcg, table: Float32Array.from(table) };
    }
  }
  log(`best checkpoint: step ${best.step}, dev nDCG@10 ${best.ndcg.toFixed(4)}`);

  // 5. export: fold each known word's n-gram share into its row (one row per known word at run
  // time, same pooled sums), then int8 per-row quantisation.
  let folded = foldNgramRows(best.table, D, V, opts.ngramShare, (w) => tok.ngramIds(vocab[w]));
  // A copy: `tok` (unfolded, used by the float checks below) keeps its own spec object.
  const runSpec: StaticTokenizerSpec = { ...spec, folded: true };
  if (opts.prune) {
    // Keep the bank's words and the WordNet synonyms of bank words; every other word is looked up
    // by its n-grams at run time (smaller file, faster load; the n-gram rows were trained for it).
    const keep = new Set<string>();
    for (const w of vocab) if (bankWords.has(w)) keep.add(w);
    for (const s of synsets) {
      const lemmaWords = s.lemmas.flatMap((l) => words(l));
      if (lemmaWords.some((w) => bankWords.has(w))) for (const w of lemmaWords) keep.add(w);
    }
    const kept = vocab.map((_, i) => i).filter((i) => keep.has(vocab[i]));
    const pruned = new Float32Array((kept.length + opts.buckets) * D);
    kept.forEach((w, k) => pruned.set(folded.subarray(w * D, (w + 1) * D), k * D));
    pruned.set(folded.subarray(V * D), kept.length * D);
    folded = pruned;
    runSpec.vocab = kept.map((i) => vocab[i]);
    runSpec.weights = kept.map((i) => weights[i]);
    log(`pruned vocabulary: ${kept.length} of ${V} words kept`);
  }
  const runTok = new StaticTokenizer(runSpec);
  const runV = runSpec.vocab.length, runR = runV + opts.buckets;
  const q = quantizeRows(folded, runR, D);
  const onnx = buildStaticOnnx(q, { dims: String(D), rows: String(runR), vocab: String(runV), buckets: String(opts.buckets), seed: String(opts.seed) });
  const runEmb = new TsEmbedder(runTok, q, 'training');
  const exported = await devScoreOf(Object.assign(runEmb, { embedOne: (t: string) => runEmb.embedSync(t) }), texts, dev);
  log(`exported model (int8${opts.prune ? ', pruned' : ''}): dev nDCG@10 (dense) ${exported.toFixed(4)}`);
  mkdirSync(opts.out, { recursive: true });
  writeFileSync(join(opts.out, 'genai-lens-embed.onnx'), onnx);
  runSpec.modelSha256 = sha256(onnx);
  runSpec.modelBytes = onnx.length;
  runSpec.modelCrc32 = crc32(onnx);
  writeFileSync(join(opts.out, 'tokenizer.json'), JSON.stringify(runSpec));
  // Quantisation check: cosine between float and int8 embeddings of a few texts.
  const fe = new FloatEmbedder(tok, best.table, D);
  let minCos = 1;
  for (const t of texts.slice(0, 50)) {
    const a = fe.embedOne(t.summary);
    const f = runTok.features(t.summary);
    const b = embedFeatures(q, f.ids, f.weights);
    let c = 0;
    for (let d = 0; d < D; d++) c += a[d] * b[d];
    minCos = Math.min(minCos, c);
  }
  // The fixture follows the shipped model; trial runs elsewhere keep their reference beside the model.
  const isShipped = opts.out === join(ROOT, 'models');
  writeReference(q, runTok, runSpec.modelSha256, isShipped ? join(ROOT, 'test/fixtures/search-model-reference.json') : join(opts.out, 'reference.json'));
  const report = {
    trainedAt: new Date().toISOString().slice(0, 10),
    bank: { questions: bank.questions.length, apis: bank.apis.length, glossary: bank.glossary.length, hash: bank.hash },
    options: { ...opts, out: undefined, content: undefined },
    vocab: runV,
    rows: runR,
    ppmiNonZeros,
    pairs: { questionPools: qPools.length, trainingQueries: trainingQueries.total, apiCard: cardPairs.flat().length, glossary: glossPairs.length, wordnet: wnPairs.length },
    bestStep: best.step,
    devNdcg10Dense: Number(best.ndcg.toFixed(4)),
    devNdcg10DenseExported: Number(exported.toFixed(4)),
    quantisationMinCosine: Number(minCos.toFixed(5)),
    modelBytes: onnx.length,
    modelSha256: runSpec.modelSha256,
    trainSeconds: Number(((performance.now() - T0) / 1000).toFixed(1)),
  };
  writeFileSync(join(opts.out, 'training-report.json'), JSON.stringify(report, null, 2) + '\n');
  log(`wrote ${opts.out}/genai-lens-embed.onnx (${(onnx.length / 1e6).toFixed(2)} MB), min float/int8 cosine ${minCos.toFixed(5)}`);
}

/** Reference vectors for the model test (test/fixtures/search-model-reference.json). */
export const REFERENCE_TEXTS = [
  'why does my GAN keep making the same face',
  'top_p vs temperature',
  'lora_alpha',
  'How does LoRA fine-tune a large model?',
  'retreival augmented genration',
];

function writeReference(w: StaticWeights, tok: StaticTokenizer, modelSha256: string, file: string): void {
  const vectors = REFERENCE_TEXTS.map((text) => {
    const f = tok.features(text);
    return { text, vector: Array.from(embedFeatures(w, f.ids, f.weights), (x) => Number(x.toFixed(8))) };
  });
  writeFileSync(file, JSON.stringify({ dims: w.dims, modelSha256, vectors }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
