// `npm run bench`: runs every scripts/bench/*.ts suite and prints medians and ratios.
// A suite exports `run(): Promise<BenchRow[]>`; this file only formats and checks goals.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BenchRow } from './bench/benchUtil';

async function main(): Promise<void> {
  const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const dir = join(import.meta.dirname, 'bench');
  const suites = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && f !== 'benchUtil.ts')
    .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)));
  let failed = 0;
  for (const f of suites) {
    const mod = (await import(pathToFileURL(join(dir, f)).href)) as { run(): Promise<BenchRow[]> };
    const rows = await mod.run();
    process.stdout.write(`\n## ${f.replace(/\.ts$/, '')}\n`);
    for (const r of rows) {
      const goal = r.goal === undefined ? '' : ` (goal ≤ ${r.goal} ${r.unit})`;
      const verdict = r.goal === undefined ? '' : r.value <= r.goal ? '  ok' : '  OVER GOAL';
      if (r.goal !== undefined && r.value > r.goal) failed++;
      process.stdout.write(`${r.name.padEnd(58)} ${formatValue(r.value).padStart(10)} ${r.unit}${goal}${verdict}\n`);
    }
  }
  process.stdout.write(failed ? `\n${failed} figure(s) over goal\n` : '\nall figures within goals\n');
}

function formatValue(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toFixed(4);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
