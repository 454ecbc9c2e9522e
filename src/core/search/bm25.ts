// Keyword retrieval: BM25 over question fields, title and aliases weighted above the body. Terms go
// through the shared tokenizer (identifier splitting) plus light stemming; longer terms also match
// with a small edit distance so "halucination" still finds "hallucination".
//
// The scoring is MiniSearch 7's (BM25+ per field, k = 1.2, b = 0.7, d = 0.5, field length = distinct
// tokens, fuzzy weight · len / (len + distance), score × number of query terms matched), which the
// first version used directly; this one builds in one pass into typed arrays: a term dictionary
// (minisearch's radix tree, kept for its fuzzy lookup), postings in CSR order (term, field) → docs,
// and each posting's boosted BM25 score precomputed at build time. A query only sums floats.
import SearchableMap from 'minisearch/SearchableMap';
import { STOP_SET, stem, words } from './tokenizer';
import type { QuestionText } from './bankText';

export const BM25_FIELD_BOOST = {
  title: 3,
  aliases: 3,
  tags: 2,
  apis: 1.5,
  keyPoints: 1.5,
  body: 1,
  extra: 0.7,
} as const;

type Field = keyof typeof BM25_FIELD_BOOST;
const FIELDS = Object.keys(BM25_FIELD_BOOST) as Field[];
const NF = FIELDS.length;

/** BM25+ parameters (MiniSearch's defaults). */
const K1 = 1.2;
const B = 0.7;
const DELTA = 0.5;
/** Fuzzy matching: terms of ≥ 6 characters, distance ≤ round(0.2 · length), weight 0.4 · len / (len + distance). */
const FUZZY_MIN_LENGTH = 6;
const FUZZY_FRACTION = 0.2;
const FUZZY_WEIGHT = 0.4;
const MAX_FUZZY = 6;

export interface ScoredId {
  id: string;
  score: number;
}

export interface Bm25Doc {
  id: string;
  title: string;
  aliases: string[];
  tags: string[];
  apis: string[];
  keyPoints: string[];
  body: string;
  extra: string[];
}

export function bm25DocFrom(t: QuestionText, apis: string[]): Bm25Doc {
  return { id: t.id, title: t.title, aliases: t.aliases, tags: t.tags, apis, keyPoints: t.keyPoints, body: t.body, extra: t.extra };
}

function processTerm(term: string): string | null {
  return STOP_SET.has(term) ? null : stem(term);
}

/** A growable Int32 list (postings are collected before their total is known). */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

export class Bm25Index {
  private readonly ids: string[];
  /** term → term number. */
  private readonly dict: SearchableMap<number>;
  /** Postings of (term t, field f) are [start[t·NF + f], start[t·NF + f + 1]). */
  private readonly start: Int32Array;
  private readonly postDoc: Int32Array;
  /** field boost × BM25+ score of the posting. */
  private readonly postScore: Float64Array;

  constructor(docs: Bm25Doc[]) {
    this.ids = docs.map((d) => d.id);
    if (new Set(this.ids).size !== this.ids.length) throw new Error('BM25: duplicate document id');
    const nDocs = docs.length;
    const dict = new SearchableMap<number>();
    // Per distinct raw token: its term number (−1 for a stopword) and the last (doc, field) it was seen in.
    const rawTerm = new Map<string, { term: number; seen: number }>();
    let nTerms = 0;
    let tf = new Int32Array(1024);
    let tfStamp = new Int32Array(1024);
    const touched = new IntList();
    const keys = new IntList(); // (term · NF + field) per posting, doc-major order
    const pDocs = new IntList();
    const pTfs = new IntList();
    const fieldLength = new Int32Array(nDocs * NF);
    const avgFieldLength = new Float64Array(NF);
    let stampNo = 0;
    const termInfo = (raw: string): { term: number; seen: number } => {
      let info = rawTerm.get(raw);
      if (info) return info;
      const p = processTerm(raw);
      let term = -1;
      if (p) {
        const known = dict.get(p);
        if (known === undefined) {
          term = nTerms++;
          dict.set(p, term);
          if (term >= tf.length) {
            const grow = (a: Int32Array) => {
              const b = new Int32Array(a.length * 2);
              b.set(a);
              return b;
            };
            tf = grow(tf);
            tfStamp = grow(tfStamp);
          }
        } else term = known;
      }
      info = { term, seen: 0 };
      rawTerm.set(raw, info);
      return info;
    };
    const partTokens = new Map<string, Array<{ term: number; seen: number }>>();

    for (let doc = 0; doc < nDocs; doc++) {
      const d = docs[doc];
      for (let f = 0; f < NF; f++) {
        const v = d[FIELDS[f]];
        const parts = Array.isArray(v) ? v : [v];
        stampNo++;
        touched.length = 0;
        let distinct = 0;
        for (const part of parts) {
          // Each distinct part (a shared API card's text, say) is tokenised and looked up once.
          let infos = partTokens.get(part);
          if (!infos) {
            infos = words(part).map(termInfo);
            partTokens.set(part, infos);
          }
          for (const info of infos) {
            if (info.seen !== stampNo) {
              info.seen = stampNo;
              distinct++;
            }
            const t = info.term;
            if (t < 0) continue;
            if (tfStamp[t] !== stampNo) {
              tfStamp[t] = stampNo;
              tf[t] = 0;
              touched.push(t);
            }
            tf[t]++;
          }
        }
        fieldLength[doc * NF + f] = distinct;
        // MiniSearch's running average, same arithmetic.
        avgFieldLength[f] = (avgFieldLength[f] * doc + distinct) / (doc + 1);
        for (let k = 0; k < touched.length; k++) {
          const t = touched.data[k];
          keys.push(t * NF + f);
          pDocs.push(doc);
          pTfs.push(tf[t]);
        }
      }
    }

    // Counting sort of the postings by (term, field); docs stay ascending inside a list.
    const n = keys.length;
    const start = new Int32Array(nTerms * NF + 1);
    for (let i = 0; i < n; i++) start[keys.data[i] + 1]++;
    for (let i = 0; i < nTerms * NF; i++) start[i + 1] += start[i];
    const fill = start.slice(0, nTerms * NF);
    const postDoc = new Int32Array(n);
    const postScore = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const key = keys.data[i];
      const at = fill[key]++;
      const f = key % NF;
      const doc = pDocs.data[i];
      const freq = pTfs.data[i];
      const matching = start[key + 1] - start[key];
      const idf = Math.log(1 + (nDocs - matching + 0.5) / (matching + 0.5));
      const norm = K1 * (1 - B + (B * fieldLength[doc * NF + f]) / avgFieldLength[f]);
      postDoc[at] = doc;
      postScore[at] = BM25_FIELD_BOOST[FIELDS[f]] * idf * (DELTA + (freq * (K1 + 1)) / (freq + norm));
    }
    this.dict = dict;
    this.start = start;
    this.postDoc = postDoc;
    this.postScore = postScore;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Distinct indexed terms (after stemming). */
  get termCount(): number {
    return this.dict.size;
  }

  private addTerm(term: number, weight: number, scores: Float64Array, hit: Int32Array, source: number, quality: Int32Array): void {
    const { start, postDoc, postScore } = this;
    for (let k = start[term * NF], end = start[(term + 1) * NF]; k < end; k++) {
      const doc = postDoc[k];
      scores[doc] += weight * postScore[k];
      if (hit[doc] !== source) {
        hit[doc] = source;
        quality[doc]++;
      }
    }
  }

  /** All matching documents, best first (unnormalised BM25 scores). */
  search(query: string): ScoredId[] {
    // Distinct query terms with their multiplicity (a repeated term counts again, as in MiniSearch).
    const counts = new Map<string, number>();
    for (const w of words(query)) {
      const p = processTerm(w);
      if (p) counts.set(p, (counts.get(p) ?? 0) + 1);
    }
    if (!counts.size) return [];
    const nDocs = this.ids.length;
    const scores = new Float64Array(nDocs);
    // Number of distinct query terms that matched each document: the final score is multiplied by it.
    const quality = new Int32Array(nDocs);
    const hit = new Int32Array(nDocs).fill(-1);
    let source = 0;
    for (const [term, times] of counts) {
      const exact = this.dict.get(term);
      if (exact !== undefined) this.addTerm(exact, times, scores, hit, source, quality);
      const maxDistance = term.length >= FUZZY_MIN_LENGTH ? Math.min(MAX_FUZZY, Math.round(term.length * FUZZY_FRACTION)) : 0;
      if (maxDistance) {
        for (const [other, [id, distance]] of this.dict.fuzzyGet(term, maxDistance)) {
          if (!distance) continue;
          this.addTerm(id, (times * FUZZY_WEIGHT * other.length) / (other.length + distance), scores, hit, source, quality);
        }
      }
      source++;
    }
    const out: ScoredId[] = [];
    for (let doc = 0; doc < nDocs; doc++) if (quality[doc] > 0) out.push({ id: this.ids[doc], score: scores[doc] * quality[doc] });
    return out.sort((a, b) => b.score - a.score);
  }
}
