// Dense retrieval: exact cosine between the query vector and several vectors per question (title,
// each alias, linked API cards, a summary, the body, each key point). A question's score mixes its
// best short view and best key point with its summary and body views; the bank (hundreds of
// questions) is far below where ANN pays.
import type { Embedder } from './embedders';
import { l2NormalizeInPlace } from './staticModel';
import type { QuestionText } from './bankText';
import type { ScoredId } from './bm25';

export const enum ViewKind {
  Short = 0,
  Summary = 1,
  Body = 2,
  /** One key point: a single fact, matched by queries that describe the concept. */
  Passage = 3,
}

export interface DenseScoring {
  short: number;
  summary: number;
  body: number;
  /** Weight of the best key point (0 when omitted). */
  passage?: number;
}

/** Tuned on the dev split (scripts/evalSearch.ts --tune). */
export const DEFAULT_DENSE_SCORING: DenseScoring = { short: 0.4, summary: 0.2, body: 0.4, passage: 0.5 };

export interface BankViews {
  texts: string[];
  kinds: Uint8Array;
  /** Index into `ids` for each view. */
  owners: Int32Array;
  ids: string[];
  /**
   * Each summary view as the views it is made of (title, aliases, key points) plus the text that is
   * not a view of its own (the tags): for embedders whose vectors are normalised sums (`sumBulk`).
   */
  composed: Array<{ view: number; parts: number[]; rest: string }>;
}

/** The views embedded for each question, in a deterministic order (the cache relies on it). */
export function bankViews(texts: QuestionText[]): BankViews {
  const out: string[] = [];
  const kinds: number[] = [];
  const owners: number[] = [];
  const composed: BankViews['composed'] = [];
  texts.forEach((t, qi) => {
    const add = (text: string, kind: ViewKind): number => {
      if (!text.trim()) return -1;
      out.push(text);
      kinds.push(kind);
      owners.push(qi);
      return out.length - 1;
    };
    const title = add(t.title, ViewKind.Short);
    const aliases = t.aliases.map((a) => add(a, ViewKind.Short));
    for (const a of t.apiShort) add(a, ViewKind.Short);
    const summary = add(t.summary, ViewKind.Summary);
    add(t.body || t.summary, ViewKind.Body);
    const keyPoints = t.keyPoints.map((k) => add(k, ViewKind.Passage));
    // t.summary joins exactly these texts (bankText.questionTexts); words never span the joins.
    if (summary >= 0) composed.push({ view: summary, parts: [title, ...aliases, ...keyPoints].filter((v) => v >= 0), rest: t.tags.join(' ') });
  });
  return { texts: out, kinds: Uint8Array.from(kinds), owners: Int32Array.from(owners), ids: texts.map((t) => t.id), composed };
}

export class DenseIndex {
  readonly dims: number;
  constructor(
    readonly views: BankViews,
    /** views.texts.length × dims, row-major, L2-normalised rows. */
    readonly matrix: Float32Array,
    dims: number,
    readonly scoring: DenseScoring = DEFAULT_DENSE_SCORING,
  ) {
    this.dims = dims;
    if (matrix.length !== views.texts.length * dims) throw new Error('dense matrix does not match the views');
  }

  static async build(views: BankViews, embedder: Embedder, scoring?: DenseScoring): Promise<DenseIndex> {
    const dims = embedder.dims;
    const m = new Float32Array(views.texts.length * dims);
    if (embedder.sumBulk) {
      // Tokenise each text once: summaries are the sums of their parts' sums (same vectors to 1e-6).
      const isComposed = new Uint8Array(views.texts.length);
      for (const c of views.composed) isComposed[c.view] = 1;
      const direct = views.texts.map((_, i) => i).filter((i) => !isComposed[i]);
      const sums = embedder.sumBulk([...direct.map((i) => views.texts[i]), ...views.composed.map((c) => c.rest)]);
      direct.forEach((v, k) => m.set(sums[k], v * dims));
      views.composed.forEach((c, k) => {
        const row = m.subarray(c.view * dims, (c.view + 1) * dims);
        row.set(sums[direct.length + k]);
        for (const p of c.parts) {
          const o = p * dims;
          for (let d = 0; d < dims; d++) row[d] += m[o + d];
        }
      });
      for (let v = 0; v < views.texts.length; v++) l2NormalizeInPlace(m.subarray(v * dims, (v + 1) * dims));
    } else {
      const vecs = embedder.embedBulk ? embedder.embedBulk(views.texts) : await embedder.embed(views.texts);
      vecs.forEach((v, i) => m.set(v, i * dims));
    }
    return new DenseIndex(views, m, dims, scoring);
  }

  /** Cosine of the query with every view. */
  viewScores(query: Float32Array): Float32Array {
    const { dims, matrix } = this;
    const n = this.views.texts.length;
    const out = new Float32Array(n);
    // Four accumulators: independent additions let V8 keep the loop in registers (≈ 2× faster).
    const d4 = dims - (dims % 4);
    for (let v = 0; v < n; v++) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const o = v * dims;
      let d = 0;
      for (; d < d4; d += 4) {
        s0 += matrix[o + d] * query[d];
        s1 += matrix[o + d + 1] * query[d + 1];
        s2 += matrix[o + d + 2] * query[d + 2];
        s3 += matrix[o + d + 3] * query[d + 3];
      }
      for (; d < dims; d++) s0 += matrix[o + d] * query[d];
      out[v] = s0 + s1 + s2 + s3;
    }
    return out;
  }

  /** One score per question (same order as views.ids); also reports the best short view per question. */
  questionScores(query: Float32Array, scoring: DenseScoring = this.scoring): { scores: Float32Array; bestView: Int32Array } {
    const vs = this.viewScores(query);
    const nq = this.views.ids.length;
    const short = new Float32Array(nq).fill(-1);
    const bestView = new Int32Array(nq).fill(-1);
    const summary = new Float32Array(nq);
    const body = new Float32Array(nq);
    const passage = new Float32Array(nq);
    const { kinds, owners } = this.views;
    for (let v = 0; v < vs.length; v++) {
      const q = owners[v];
      const k = kinds[v];
      if (k === ViewKind.Short) {
        if (vs[v] > short[q]) {
          short[q] = vs[v];
          bestView[q] = v;
        }
      } else if (k === ViewKind.Summary) summary[q] = vs[v];
      else if (k === ViewKind.Body) body[q] = vs[v];
      else if (vs[v] > passage[q]) passage[q] = vs[v];
    }
    const scores = new Float32Array(nq);
    const wp = scoring.passage ?? 0;
    for (let q = 0; q < nq; q++) {
      scores[q] = scoring.short * Math.max(short[q], 0) + scoring.summary * summary[q] + scoring.body * body[q] + wp * passage[q];
    }
    return { scores, bestView };
  }

  /** Nearest questions to a vector, best first. */
  search(query: Float32Array, k = this.views.ids.length): ScoredId[] {
    const { scores } = this.questionScores(query);
    return topK(this.views.ids, scores, k);
  }
}

export function topK(ids: string[], scores: ArrayLike<number>, k: number): ScoredId[] {
  const idx = Array.from({ length: ids.length }, (_, i) => i);
  idx.sort((a, b) => scores[b] - scores[a] || (ids[a] < ids[b] ? -1 : 1));
  return idx.slice(0, k).map((i) => ({ id: ids[i], score: scores[i] }));
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
