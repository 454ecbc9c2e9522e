// Precision and recall of call detection on the labelled corpus in test/fixtures/code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFile } from '../../scripts/cli/detect';

const DIR = join(import.meta.dirname, '..', 'fixtures', 'code');

interface Label {
  line: number;
  symbol: string;
  cell?: number;
}

const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, Label[]>;

function key(l: Label): string {
  return `${l.cell ?? ''}:${l.line}:${l.symbol}`;
}

/** Multiset comparison of (cell, line, symbol) triples. */
function compare(want: Label[], got: Label[]): { tp: number; fp: string[]; fn: string[] } {
  const pool = new Map<string, number>();
  for (const w of want) pool.set(key(w), (pool.get(key(w)) ?? 0) + 1);
  let tp = 0;
  const fp: string[] = [];
  for (const g of got) {
    const k = key(g);
    const n = pool.get(k) ?? 0;
    if (n > 0) {
      tp++;
      pool.set(k, n - 1);
    } else fp.push(k);
  }
  const fn: string[] = [];
  for (const [k, n] of pool) for (let i = 0; i < n; i++) fn.push(k);
  return { tp, fp, fn };
}

describe('code detection corpus', () => {
  it('has at least 40 labelled files, including notebooks, TS/JS and negatives', () => {
    const files = Object.keys(expected);
    expect(files.length).toBeGreaterThanOrEqual(40);
    expect(files.some((f) => f.endsWith('.ipynb'))).toBe(true);
    expect(files.some((f) => /\.(ts|tsx|js)$/.test(f))).toBe(true);
    expect(files.filter((f) => f.startsWith('neg_')).length).toBeGreaterThanOrEqual(4);
  });

  it('reaches precision ≥ 0.98 and recall ≥ 0.95 at symbol level', async () => {
    let tp = 0;
    let fpCount = 0;
    let fnCount = 0;
    const report: string[] = [];
    for (const [file, want] of Object.entries(expected)) {
      const calls = await detectFile(join(DIR, file));
      const got: Label[] = calls.map((c) => ({ line: c.range.start.line + 1, symbol: c.symbol, ...(c.cell !== undefined ? { cell: c.cell } : {}) }));
      const r = compare(want, got);
      tp += r.tp;
      fpCount += r.fp.length;
      fnCount += r.fn.length;
      if (r.fp.length || r.fn.length) report.push(`${file}: extra ${JSON.stringify(r.fp)} missing ${JSON.stringify(r.fn)}`);
    }
    const precision = tp / Math.max(1, tp + fpCount);
    const recall = tp / Math.max(1, tp + fnCount);
    console.log(`code detection: precision ${precision.toFixed(4)} recall ${recall.toFixed(4)} (tp ${tp}, fp ${fpCount}, fn ${fnCount})\n${report.join('\n')}`);
    expect(precision).toBeGreaterThanOrEqual(0.98);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
