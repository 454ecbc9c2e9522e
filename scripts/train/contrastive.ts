// Contrastive fine-tuning of the static table: symmetric InfoNCE with in-batch negatives over
// positive text pairs, back-propagated through L2 normalisation and weighted sum pooling into the
// rows the texts touch (lazy Adam on touched rows only).
import type { Features } from '../../src/core/search/tokenizer';

export interface Pair {
  a: Features;
  b: Features;
}

export interface TrainState {
  table: Float32Array;
  rows: number;
  dims: number;
  m: Float32Array;
  v: Float32Array;
  stepOf: Int32Array;
}

export function newState(table: Float32Array, rows: number, dims: number): TrainState {
  return { table, rows, dims, m: new Float32Array(rows * dims), v: new Float32Array(rows * dims), stepOf: new Int32Array(rows) };
}

function pool(state: TrainState, f: Features): { s: Float32Array; norm: number } {
  const { dims, table } = state;
  const s = new Float32Array(dims);
  for (let i = 0; i < f.ids.length; i++) {
    const w = f.weights[i];
    const o = f.ids[i] * dims;
    for (let d = 0; d < dims; d++) s[d] += w * table[o + d];
  }
  let n = 0;
  for (let d = 0; d < dims; d++) n += s[d] * s[d];
  return { s, norm: Math.sqrt(n) || 1e-9 };
}

export interface StepOptions {
  tau: number;
  lr: number;
  beta1?: number;
  beta2?: number;
}

/** One optimisation step on a batch of pairs; returns the mean loss. */
export function contrastiveStep(state: TrainState, batch: Pair[], opts: StepOptions, step: number): number {
  const { dims } = state;
  const B = batch.length;
  const enc = (f: Features) => {
    const { s, norm } = pool(state, f);
    const e = new Float32Array(dims);
    for (let d = 0; d < dims; d++) e[d] = s[d] / norm;
    return { e, norm };
  };
  const A = batch.map((p) => enc(p.a));
  const P = batch.map((p) => enc(p.b));
  const logits = new Float64Array(B * B);
  for (let i = 0; i < B; i++)
    for (let j = 0; j < B; j++) {
      let dot = 0;
      const ai = A[i].e, pj = P[j].e;
      for (let d = 0; d < dims; d++) dot += ai[d] * pj[d];
      logits[i * B + j] = dot / opts.tau;
    }
  // Row softmax (a→b) and column softmax (b→a).
  const gradL = new Float64Array(B * B);
  let loss = 0;
  for (let i = 0; i < B; i++) {
    let mx = -Infinity;
    for (let j = 0; j < B; j++) mx = Math.max(mx, logits[i * B + j]);
    let z = 0;
    for (let j = 0; j < B; j++) z += Math.exp(logits[i * B + j] - mx);
    loss += -(logits[i * B + i] - mx - Math.log(z));
    for (let j = 0; j < B; j++) gradL[i * B + j] += (Math.exp(logits[i * B + j] - mx) / z - (i === j ? 1 : 0)) / (2 * B);
  }
  for (let j = 0; j < B; j++) {
    let mx = -Infinity;
    for (let i = 0; i < B; i++) mx = Math.max(mx, logits[i * B + j]);
    let z = 0;
    for (let i = 0; i < B; i++) z += Math.exp(logits[i * B + j] - mx);
    loss += -(logits[j * B + j] - mx - Math.log(z));
    for (let i = 0; i < B; i++) gradL[i * B + j] += (Math.exp(logits[i * B + j] - mx) / z - (i === j ? 1 : 0)) / (2 * B);
  }
  // d loss / d e, then through the normalisation into the pooled sum, then into the rows.
  const grad = new Map<number, Float32Array>();
  const back = (x: { e: Float32Array; norm: number }, de: Float64Array, f: Features) => {
    let dot = 0;
    for (let d = 0; d < dims; d++) dot += x.e[d] * de[d];
    const ds = new Float32Array(dims);
    for (let d = 0; d < dims; d++) ds[d] = (de[d] - x.e[d] * dot) / x.norm;
    for (let i = 0; i < f.ids.length; i++) {
      const id = f.ids[i];
      let g = grad.get(id);
      if (!g) grad.set(id, (g = new Float32Array(dims)));
      const w = f.weights[i];
      for (let d = 0; d < dims; d++) g[d] += w * ds[d];
    }
  };
  for (let i = 0; i < B; i++) {
    const deA = new Float64Array(dims);
    for (let j = 0; j < B; j++) {
      const g = gradL[i * B + j] / opts.tau;
      const pj = P[j].e;
      for (let d = 0; d < dims; d++) deA[d] += g * pj[d];
    }
    back(A[i], deA, batch[i].a);
  }
  for (let j = 0; j < B; j++) {
    const deP = new Float64Array(dims);
    for (let i = 0; i < B; i++) {
      const g = gradL[i * B + j] / opts.tau;
      const ai = A[i].e;
      for (let d = 0; d < dims; d++) deP[d] += g * ai[d];
    }
    back(P[j], deP, batch[j].b);
  }
  adam(state, grad, opts, step);
  return loss / (2 * B);
}

function adam(state: TrainState, grad: Map<number, Float32Array>, opts: StepOptions, step: number): void {
  const b1 = opts.beta1 ?? 0.9, b2 = opts.beta2 ?? 0.999, eps = 1e-8;
  const { dims, table, m, v } = state;
  const t = step + 1;
  const c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
  for (const [id, g] of grad) {
    const o = id * dims;
    for (let d = 0; d < dims; d++) {
      m[o + d] = b1 * m[o + d] + (1 - b1) * g[d];
      v[o + d] = b2 * v[o + d] + (1 - b2) * g[d] * g[d];
      table[o + d] -= (opts.lr * (m[o + d] / c1)) / (Math.sqrt(v[o + d] / c2) + eps);
    }
    state.stepOf[id] = t;
  }
}
