// The tokenizer shared by the model trainer, the runtime embedder and BM25. Words are lowercased,
// identifiers are split (lora_alpha → lora, alpha; getPeftModel → get, peft, model) and every word
// also yields hashed character n-grams, so misspellings and unseen words land near known ones.
// Queries (and learners' answers) go one step further: an unknown word that is a known word's
// inflection or one slip from it takes that word's row (`knownForm`). N-grams alone keep only part
// of a misspelt word's meaning: on dev with two keyboard slips per query, dense nDCG@10 went
// 0.938 → 0.954 with this step and clean queries were unchanged (0.962).
// Changing anything here changes the model's input space: bump TOKENIZER_VERSION and retrain.

import SearchableMap from 'minisearch/SearchableMap';

export const TOKENIZER_VERSION = 1;

/** The serialised tokenizer (models/tokenizer.json). Rows [0, vocab.length) are words, then buckets. */
export interface StaticTokenizerSpec {
  format: 'genai-lens-static-embedding';
  version: number;
  dims: number;
  vocab: string[];
  /** Per-word pooling weight (smoothed IDF), same order as vocab. */
  weights: number[];
  buckets: number;
  minN: number;
  maxN: number;
  hashSeed: number;
  /** Share of an in-vocabulary word's weight carried by its n-grams (the rest by the word row). */
  ngramShare: number;
  /** Pooling weight of a word that is not in the vocabulary. */
  oovWeight: number;
  stopwords: string[];
  /** sha256 of the .onnx file this tokenizer belongs to (the bank-vector cache key). */
  modelSha256?: string;
  /** Size of the .onnx file; a mismatch means a truncated or foreign file. */
  modelBytes?: number;
  /** CRC-32 (zlib) of the .onnx file: checked on every load, far cheaper than sha256. */
  modelCrc32?: number;
  /**
   * The n-gram share of every in-vocabulary word is folded into its row at export
   * (row = (1 − ngramShare)·word + ngramShare·mean(n-gram rows)), so a known word is one row and
   * only unknown words are looked up by n-grams. Same vectors, up to int8 rounding.
   */
  folded?: boolean;
}

export interface Features {
  ids: Int32Array;
  weights: Float32Array;
}

// Function words that carry no topic: they get no embedding weight and no BM25 posting.
export const STOPWORDS: readonly string[] = (
  'a about above after again against all am an and any are as at be because been before being below between both but by ' +
  'can could did do does doing down during each few for from further had has have having he her here hers herself him ' +
  'himself his i if in into is it its itself just me more most my myself no nor of off on once only or other our ours ' +
  'ourselves out over own same she should so some such than that the their theirs them themselves then there these they ' +
  'this those through to too under until up very was we were what when where which while who whom why will with would ' +
  'you your yours yourself yourselves how s t d ll m re ve don doesn didn isn aren wasn weren won wouldn shouldn couldn ' +
  'cant dont doesnt didnt isnt arent im ive id whats hows thats also even really just like get gets got ' +
  'e g eg ie etc vs via'
)
  .split(/\s+/)
  .filter(Boolean);

// NB: "same", "not", "get" in code identifiers stay as parts of compounds (getPeftModel keeps "getpeftmodel").

const RAW_TOKEN = /[\p{L}\p{N}_]+/gu;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
const nonAsciiWordChar = new Map<number, boolean>();

/** Whether a code point ≥ 128 is a letter or a number (\p{L} or \p{N}); cached per code point. */
function isNonAsciiWordChar(cp: number): boolean {
  let v = nonAsciiWordChar.get(cp);
  if (v === undefined) {
    v = LETTER_OR_NUMBER.test(String.fromCodePoint(cp));
    nonAsciiWordChar.set(cp, v);
  }
  return v;
}

// ASCII character classes: 1 lower, 2 upper, 3 digit, 4 underscore, 0 other.
const ASCII_CLASS = new Uint8Array(128);
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = 2;
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = 3;
ASCII_CLASS[95] = 4;

/**
 * Splits text into lowercase word tokens. An identifier yields its parts and, when it had more than
 * one part, its joined lowercase form too (lora_alpha → lora, alpha, lora_alpha).
 * Tokens are runs of [\p{L}\p{N}_]; one pass over char codes (the regex version, `wordsByRegex`,
 * is the specification and is kept for tests): plain lowercase ASCII words are pushed as they are,
 * ASCII identifiers are split without regexes, anything non-ASCII goes through `splitIdentifier`.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128 ? ASCII_CLASS[c] === 0 : !isNonAsciiWordChar(text.codePointAt(i)!)) {
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      continue;
    }
    const start = i;
    let plain = true; // lowercase ASCII letters and digits only
    let ascii = true;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d < 128) {
        const k = ASCII_CLASS[d];
        if (k === 0) break;
        if (k === 2 || k === 4) plain = false;
        i++;
      } else {
        const cp = text.codePointAt(i)!;
        if (!isNonAsciiWordChar(cp)) break;
        plain = ascii = false;
        i += cp > 0xffff ? 2 : 1;
      }
    }
    const raw = text.slice(start, i);
    if (plain) {
      out.push(raw);
      continue;
    }
    const parts = ascii ? splitAsciiIdentifier(raw) : splitIdentifier(raw);
    for (const p of parts) out.push(p);
    if (parts.length > 1) out.push(raw.toLowerCase());
  }
  return out;
}

/** The specification of `words` (regex based, slower); tests check the two agree. */
export function wordsByRegex(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(RAW_TOKEN)) {
    const raw = m[0];
    const parts = splitIdentifier(raw);
    for (const p of parts) out.push(p);
    if (parts.length > 1) out.push(raw.toLowerCase());
  }
  return out;
}

/**
 * `splitIdentifier` for ASCII [A-Za-z0-9_]+: split at underscores, before an upper-case letter that
 * follows a lower-case letter or digit, and before the last capital of a run of ≥ 2 capitals that is
 * followed by a lower-case letter (HTTPServer → HTTP, Server).
 */
function splitAsciiIdentifier(raw: string): string[] {
  const parts: string[] = [];
  const n = raw.length;
  let start = 0;
  const cut = (end: number) => {
    if (end > start) parts.push(raw.slice(start, end).toLowerCase());
    start = end;
  };
  for (let i = 0; i < n; i++) {
    const k = ASCII_CLASS[raw.charCodeAt(i)];
    if (k === 4) {
      cut(i);
      start = i + 1;
      continue;
    }
    if (i === start || k !== 2) continue;
    const prev = ASCII_CLASS[raw.charCodeAt(i - 1)];
    if (prev === 1 || prev === 3) cut(i);
    else if (prev === 2 && i + 1 < n && ASCII_CLASS[raw.charCodeAt(i + 1)] === 1) cut(i);
  }
  cut(n);
  return parts;
}

/** `lora_alpha` → [lora, alpha]; `getPeftModel` → [get, peft, model]; `HTTPServer2` → [http, server2]. */
export function splitIdentifier(raw: string): string[] {
  const parts: string[] = [];
  for (const piece of raw.split('_')) {
    if (!piece) continue;
    const spaced = piece.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2').replace(/(\p{Lu}+)(\p{Lu}\p{Ll})/gu, '$1 $2');
    for (const w of spaced.split(' ')) if (w) parts.push(w.toLowerCase());
  }
  return parts;
}

export const STOP_SET: ReadonlySet<string> = new Set(STOPWORDS);

/** Words without stopwords: what both BM25 and the embedding see. */
export function contentWords(text: string, stop: ReadonlySet<string> = STOP_SET): string[] {
  return words(text).filter((w) => !stop.has(w));
}

/** FNV-1a over UTF-16 code units, seeded; stable across platforms and runs. */
export function fnv1a(s: string, seed = 0): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Character n-grams of `<word>`, lengths minN..maxN. */
export function charNgrams(word: string, minN: number, maxN: number): string[] {
  const w = `<${word}>`;
  const out: string[] = [];
  for (let n = minN; n <= maxN; n++) {
    for (let i = 0; i + n <= w.length; i++) out.push(w.slice(i, i + n));
  }
  return out;
}

/** Shortest unknown query word that is mapped to a known one (shorter words keep their n-grams). */
export const KNOWN_FORM_MIN_LENGTH = 5;
/** From this length a misspelling may be two edits from the word meant (shorter: one, or a swap). */
export const TWO_EDITS_MIN_LENGTH = 9;
/**
 * Unknown words per text that may be looked up (≈ 0.3 ms each when new): a pasted page stays fast;
 * later unknown words keep their n-grams.
 */
export const KNOWN_FORM_MAX_PER_TEXT = 32;

/** Known-word candidates for an inflected form: talked → talk, praises → praise, curating → curate. */
export function inflectionBases(word: string): string[] {
  const out = [stem(word), stem(word) + 'e'];
  if (word.endsWith('s')) out.push(word.slice(0, -1));
  if (word.endsWith('es')) out.push(word.slice(0, -2));
  if (word.endsWith('ed')) out.push(word.slice(0, -1), word.slice(0, -2));
  if (word.endsWith('ing')) out.push(word.slice(0, -3), word.slice(0, -3) + 'e');
  if (word.endsWith('ly')) out.push(word.slice(0, -2));
  return out.filter((v, i) => v.length >= 3 && v !== word && out.indexOf(v) === i);
}

/** Whether `b` is `a` with two adjacent letters swapped (retreival / retrieval). */
export function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
}

/** Turns text into (row id, pooling weight) pairs for the static embedding model. */
export class StaticTokenizer {
  readonly spec: StaticTokenizerSpec;
  private readonly index = new Map<string, number>();
  private readonly stop: ReadonlySet<string>;
  private readonly ngramCache = new Map<string, Int32Array>();
  /** Built on the first unknown query word: a radix tree over the vocabulary for edit-distance lookup. */
  private spelling?: SearchableMap<number>;
  private readonly knownFormCache = new Map<string, number>();

  constructor(spec: StaticTokenizerSpec) {
    this.spec = spec;
    spec.vocab.forEach((w, i) => this.index.set(w, i));
    this.stop = new Set(spec.stopwords);
  }

  get rows(): number {
    return this.spec.vocab.length + this.spec.buckets;
  }

  wordId(word: string): number | undefined {
    return this.index.get(word);
  }

  /** Bucket rows of a word's n-grams (cached: the same words recur across queries). */
  ngramIds(word: string): Int32Array {
    let ids = this.ngramCache.get(word);
    if (!ids) {
      const { minN, maxN, buckets, hashSeed } = this.spec;
      const base = this.spec.vocab.length;
      const grams = charNgrams(word, minN, maxN);
      ids = new Int32Array(grams.length);
      for (let i = 0; i < grams.length; i++) ids[i] = base + (fnv1a(grams[i], hashSeed) % buckets);
      if (this.ngramCache.size > 50_000) this.ngramCache.clear();
      this.ngramCache.set(word, ids);
    }
    return ids;
  }

  /**
   * Query side only: the vocabulary row an unknown word most likely stands for, or undefined.
   * First a known inflection base (talked → talk), then a known word one slip away with the same
   * first letter (one edit or an adjacent swap; two edits from TWO_EDITS_MIN_LENGTH letters),
   * the closest winning and, among equally close ones, the more common (lower pooling weight).
   * Bank texts never go through this: their words are all in the vocabulary, and a word added to
   * the bank after training should keep its own n-grams rather than be bent into another word.
   */
  knownForm(word: string): number | undefined {
    if (word.length < KNOWN_FORM_MIN_LENGTH || this.index.has(word) || this.stop.has(word) || !/^[a-z]+$/.test(word)) return undefined;
    let id = this.knownFormCache.get(word);
    if (id === undefined) {
      id = this.findKnownForm(word) ?? -1;
      if (this.knownFormCache.size > 50_000) this.knownFormCache.clear();
      this.knownFormCache.set(word, id);
    }
    return id >= 0 ? id : undefined;
  }

  private findKnownForm(word: string): number | undefined {
    for (const base of inflectionBases(word)) {
      const id = this.index.get(base);
      if (id !== undefined) return id;
    }
    if (!this.spelling) {
      this.spelling = new SearchableMap<number>();
      this.spec.vocab.forEach((w, i) => {
        if (w.length >= KNOWN_FORM_MIN_LENGTH - 1 && /^[a-z]+$/.test(w)) this.spelling!.set(w, i);
      });
    }
    const weights = this.spec.weights;
    let best: { id: number; cost: number } | undefined;
    for (const [other, [id, distance]] of this.spelling.fuzzyGet(word, 2)) {
      if (other[0] !== word[0]) continue;
      const cost = distance <= 1 ? distance : isTransposition(word, other) ? 1 : word.length >= TWO_EDITS_MIN_LENGTH ? 2 : Infinity;
      if (cost === Infinity) continue;
      if (!best || cost < best.cost || (cost === best.cost && weights[id] < weights[best.id])) best = { id, cost };
    }
    return best?.id;
  }

  /**
   * The misspellings `knownForm` reads in a query, for showing the learner ("read retreival as
   * retrieval"); inflections (talked → talk) are not listed: the learner wrote the word meant.
   */
  spellingFixes(text: string): Array<{ from: string; to: string }> {
    const out: Array<{ from: string; to: string }> = [];
    for (const [word, mayFix] of this.queryWords(text)) {
      const id = mayFix ? this.knownForm(word) : undefined;
      if (id === undefined) continue;
      const to = this.spec.vocab[id];
      if (!inflectionBases(word).includes(to) && !out.some((f) => f.from === word)) out.push({ from: word, to });
    }
    return out;
  }

  /** A query's words, each with whether it may be looked up (the first KNOWN_FORM_MAX_PER_TEXT unknown ones). */
  private *queryWords(text: string): Generator<[string, boolean]> {
    let budget = KNOWN_FORM_MAX_PER_TEXT;
    for (const word of words(text)) {
      const unknown = !this.index.has(word) && !this.stop.has(word);
      yield [word, unknown && budget > 0];
      if (unknown) budget--;
    }
  }

  /**
   * The rows and weights one (non-stopword) word contributes to the pooled sum. With `query`, an
   * unknown word that stands for a known one (`knownForm`) takes that word's rows.
   */
  wordRows(word: string, add: (id: number, weight: number) => void, query = false): void {
    if (this.stop.has(word)) return;
    const { ngramShare, oovWeight, weights } = this.spec;
    let id = this.index.get(word);
    if (id === undefined && query) {
      id = this.knownForm(word);
      if (id !== undefined) word = this.spec.vocab[id];
    }
    if (id !== undefined && this.spec.folded) {
      add(id, weights[id]);
      return;
    }
    const grams = this.ngramIds(word);
    if (id !== undefined) {
      const w = weights[id];
      add(id, w * (grams.length ? 1 - ngramShare : 1));
      if (grams.length) {
        const g = (w * ngramShare) / grams.length;
        for (const b of grams) add(b, g);
      }
    } else if (grams.length) {
      const g = oovWeight / grams.length;
      for (const b of grams) add(b, g);
    }
  }

  /**
   * Pooling input for one text; duplicate rows are merged, order is first occurrence. `query`: a
   * search query or a learner's answer, whose unknown words may be misspelt known ones (`knownForm`).
   */
  features(text: string, query = false): Features {
    const acc = new Map<number, number>();
    const add = (id: number, w: number) => acc.set(id, (acc.get(id) ?? 0) + w);
    if (query) for (const [word, mayFix] of this.queryWords(text)) this.wordRows(word, add, mayFix);
    else for (const word of words(text)) this.wordRows(word, add);
    const ids = new Int32Array(acc.size);
    const ws = new Float32Array(acc.size);
    let i = 0;
    for (const [id, w] of acc) {
      ids[i] = id;
      ws[i++] = w;
    }
    return { ids, weights: ws };
  }
}

/** Minimal English suffix stripping for keyword matching (plurals, -ing, -ed), conservative. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (/(?:ches|shes|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is|as)$/.test(word)) return word.slice(0, -1);
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.slice(0, -2));
  return word;
}

function undouble(w: string): string {
  return /([b-df-hj-np-tv-z])\1$/.test(w) && !/(?:ll|ss|zz)$/.test(w) ? w.slice(0, -1) : w;
}
