// The typed-array BM25 index scores exactly as MiniSearch 7 configured the way the first version
// used it (BM25+, field boosts, fuzzy terms ≥ 6 characters, score × distinct query terms matched),
// and the char-code tokenizer agrees with its regex specification.
import MiniSearch from 'minisearch';
import { describe, expect, it } from 'vitest';
import { Bm25Index, BM25_FIELD_BOOST, type Bm25Doc } from '../../src/core/search/bm25';
import { STOPWORDS, stem, words, wordsByRegex } from '../../src/core/search/tokenizer';

const STOP = new Set(STOPWORDS);

function miniSearchReference(docs: Bm25Doc[]): MiniSearch<Bm25Doc> {
  const mini = new MiniSearch<Bm25Doc>({
    idField: 'id',
    fields: Object.keys(BM25_FIELD_BOOST),
    storeFields: [],
    tokenize: (text) => wordsByRegex(text),
    processTerm: (t) => (STOP.has(t) ? null : stem(t)),
    extractField: (doc, field) => {
      const v = doc[field as keyof Bm25Doc];
      return Array.isArray(v) ? v.join(' \n ') : v;
    },
    searchOptions: {
      boost: { ...BM25_FIELD_BOOST },
      combineWith: 'OR',
      fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
      weights: { fuzzy: 0.4, prefix: 0.3 },
    },
  });
  mini.addAll(docs);
  return mini;
}

const VOCAB = (
  'attention transformer hallucination retrieval augmented generation temperature sampling nucleus lora adapter rank alpha ' +
  'quantization int4 gradient checkpointing memory cache speculative decoding draft model tokens embedding vector search ' +
  'cosine similarity fine tuning dropout regularization overfitting learning rate warmup scheduler batch mode collapse gan ' +
  'discriminator generator diffusion noise denoising the of and is a to why how what'
).split(' ');

function rand(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function makeDocs(n: number): Bm25Doc[] {
  const r = rand(7);
  const text = (len: number) => Array.from({ length: len }, () => VOCAB[Math.floor(r() * VOCAB.length)]).join(' ');
  // Card and glossary texts are shared between questions (BM25 tokenises each distinct one once).
  const shared = [text(25), text(12), text(40)];
  return Array.from({ length: n }, (_, i) => ({
    id: `q${i}`,
    title: text(4),
    aliases: [text(5), `${text(3)} lora_alpha getPeftModel`],
    tags: [text(1), text(1)],
    apis: i % 3 ? ['PeftModel merge_and_unload'] : [],
    keyPoints: [text(8), text(6)],
    body: text(60),
    extra: i % 2 ? [shared[i % 3], text(30), shared[(i + 1) % 3]] : [],
  }));
}

describe('BM25 index', () => {
  const docs = makeDocs(60);
  const ours = new Bm25Index(docs);
  const ref = miniSearchReference(docs);

  it('gives MiniSearch scores (to 1e-9) for exact, repeated, stemmed and misspelt queries', () => {
    const queries = [
      'attention transformer',
      'why does my gan keep making the same face',
      'halucination retreival augmented genration',
      'lora_alpha',
      'getPeftModel merge_and_unload',
      'sampling sampling temperature',
      'denoisng diffusion',
      'checkpointing gradients memories',
      'the of and',
    ];
    for (const q of queries) {
      const a = ref.search(q).map((h) => ({ id: String(h.id), score: h.score }));
      const b = ours.search(q);
      expect(b.map((h) => h.id).sort()).toEqual(a.map((h) => h.id).sort());
      const byId = new Map(b.map((h) => [h.id, h.score]));
      for (const h of a) expect(Math.abs(byId.get(h.id)! - h.score)).toBeLessThan(1e-9 * Math.max(1, h.score));
    }
  });
});

describe('char-code tokenizer', () => {
  it('agrees with the regex specification', () => {
    const samples = [
      'Set lora_alpha=32 and call getPeftModel(model); HTTPServer2 GPT4All __init__ _x_ a_B_c',
      'naïve Café — déjà vu; Ωmega ΣΑΣ straße 東京タワー 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 emoji 😀 x😀y',
      'ABCdef aBCd ABC abc1Def 1A 1a A1b __ ___a lone\ud800surrogate \udc00x',
      ...makeDocs(5).flatMap((d) => [d.title, d.body, ...d.aliases]),
    ];
    for (const s of samples) expect(words(s)).toEqual(wordsByRegex(s));
  });
});
