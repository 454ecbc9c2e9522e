// Initial word vectors: positive pointwise mutual information over windowed co-occurrence counts,
// factorised by a seeded randomised truncated SVD (subspace iteration + Jacobi on the small core).
import { gaussian, mulberry32 } from './rng';

export interface Sequence {
  ids: Int32Array;
  weight: number;
}

interface Csr {
  n: number;
  rowPtr: Int32Array;
  cols: Int32Array;
  vals: Float32Array;
}

export function cooccurrence(seqs: Sequence[], vocabSize: number, window: number): Map<number, number> {
  const counts = new Map<number, number>();
  for (const s of seqs) {
    const ids = s.ids;
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i];
      for (let d = 1; d <= window && i + d < ids.length; d++) {
        const b = ids[i + d];
        if (a === b) continue;
        const w = s.weight / d;
        const k1 = a * vocabSize + b, k2 = b * vocabSize + a;
        counts.set(k1, (counts.get(k1) ?? 0) + w);
        counts.set(k2, (counts.get(k2) ?? 0) + w);
      }
    }
  }
  return counts;
}

export function ppmiMatrix(counts: Map<number, number>, n: number, cdsAlpha = 0.75): Csr {
  const row = new Float64Array(n);
  const colA = new Float64Array(n);
  for (const [k, c] of counts) row[Math.floor(k / n)] += c;
  let total = 0;
  for (let i = 0; i < n; i++) total += row[i];
  let totalA = 0;
  for (let i = 0; i < n; i++) {
    colA[i] = Math.pow(row[i], cdsAlpha);
    totalA += colA[i];
  }
  const entries: Array<[number, number, number]> = [];
  for (const [k, c] of counts) {
    const i = Math.floor(k / n), j = k % n;
    const pmi = Math.log((c / total) / ((row[i] / total) * (colA[j] / totalA)));
    if (pmi > 0) entries.push([i, j, pmi]);
  }
  entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const rowPtr = new Int32Array(n + 1);
  const cols = new Int32Array(entries.length);
  const vals = new Float32Array(entries.length);
  entries.forEach(([i, j, v], e) => {
    rowPtr[i + 1]++;
    cols[e] = j;
    vals[e] = v;
  });
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  return { n, rowPtr, cols, vals };
}

/** Y = A · X for sparse A (n×n) and dense X (n×l, row-major). */
function spmm(a: Csr, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.n * l);
  for (let i = 0; i < a.n; i++) {
    const yo = i * l;
    for (let e = a.rowPtr[i]; e < a.rowPtr[i + 1]; e++) {
      const v = a.vals[e];
      const xo = a.cols[e] * l;
      for (let c = 0; c < l; c++) y[yo + c] += v * x[xo + c];
    }
  }
  return y;
}

/** Orthonormalises the columns of X (n×l) in place, modified Gram–Schmidt, column-major copy. */
function orthonormalize(x: Float64Array, n: number, l: number): Float64Array {
  const cols: Float64Array[] = [];
  for (let c = 0; c < l; c++) {
    const v = new Float64Array(n);
    for (let i = 0; i < n; i++) v[i] = x[i * l + c];
    for (const u of cols) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += u[i] * v[i];
      for (let i = 0; i < n; i++) v[i] -= dot * u[i];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += v[i] * v[i];
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < n; i++) v[i] /= norm;
    cols.push(v);
  }
  const out = new Float64Array(n * l);
  cols.forEach((v, c) => {
    for (let i = 0; i < n; i++) out[i * l + c] = v[i];
  });
  return out;
}

/** Eigen-decomposition of a small symmetric matrix (cyclic Jacobi). Returns values and column vectors. */
export function jacobiEigen(a: Float64Array, n: number, sweeps = 30): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let s = 0; s < sweeps; s++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] ** 2;
    if (off < 1e-18) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-15) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), sn = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p], mkq = m[k * n + q];
          m[k * n + p] = c * mkp - sn * mkq;
          m[k * n + q] = sn * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k], mqk = m[q * n + k];
          m[p * n + k] = c * mpk - sn * mqk;
          m[q * n + k] = sn * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p], vkq = v[k * n + q];
          v[k * n + p] = c * vkp - sn * vkq;
          v[k * n + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = m[i * n + i];
  return { values, vectors: v };
}

/**
 * Rank-k factorisation of the symmetric PPMI matrix: rows of U·|Σ|^power, L2-normalised.
 * Returns n×k float32, row-major.
 */
export function truncatedSvd(a: Csr, k: number, seed: number, opts: { oversample?: number; iterations?: number; power?: number } = {}): Float32Array {
  const n = a.n;
  const l = Math.min(n, k + (opts.oversample ?? 16));
  const g = gaussian(mulberry32(seed));
  let y: Float64Array = new Float64Array(n * l);
  for (let i = 0; i < y.length; i++) y[i] = g();
  y = spmm(a, y, l);
  for (let it = 0; it < (opts.iterations ?? 3); it++) y = spmm(a, orthonormalize(y, n, l), l);
  const q = orthonormalize(y, n, l);
  const aq = spmm(a, q, l);
  const t = new Float64Array(l * l);
  for (let i = 0; i < n; i++) {
    const o = i * l;
    for (let r = 0; r < l; r++) {
      const qr = q[o + r];
      if (qr === 0) continue;
      for (let c = 0; c < l; c++) t[r * l + c] += qr * aq[o + c];
    }
  }
  for (let r = 0; r < l; r++) for (let c = r + 1; c < l; c++) t[r * l + c] = t[c * l + r] = (t[r * l + c] + t[c * l + r]) / 2;
  const { values, vectors } = jacobiEigen(t, l);
  const order = Array.from({ length: l }, (_, i) => i).sort((x, z) => Math.abs(values[z]) - Math.abs(values[x])).slice(0, k);
  const power = opts.power ?? 0.5;
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let c = 0; c < k; c++) {
      const e = order[c];
      let s = 0;
      for (let r = 0; r < l; r++) s += q[i * l + r] * vectors[r * l + e];
      const val = s * Math.pow(Math.abs(values[e]), power);
      out[i * k + c] = val;
      norm += val * val;
    }
    norm = Math.sqrt(norm) || 1;
    for (let c = 0; c < k; c++) out[i * k + c] /= norm;
  }
  return out;
}
