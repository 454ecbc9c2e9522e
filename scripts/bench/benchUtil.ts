// Shared helpers for benchmark suites: time a function many times and report the median.
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** Upper bound from the issue; omitted for ratios and informational rows. */
  goal?: number;
}

export interface TimingOptions {
  warmup?: number;
  iterations?: number;
}

/** Milliseconds per call: returns all samples sorted ascending. */
export async function sample(fn: () => unknown, opts: TimingOptions = {}): Promise<number[]> {
  const warmup = opts.warmup ?? 5;
  const iterations = opts.iterations ?? 30;
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return samples.sort((a, b) => a - b);
}

export function median(sorted: number[]): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)];
}
