// `npm test`: everything, in the order a failure is cheapest to find: lint, type check, content
// validation, unit tests, production build + VSIX, then end-to-end tests in a real VS Code.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const steps = [
  ['lint', 'npx', ['eslint', '.']],
  ['type check', 'npx', ['tsc', '--noEmit', '-p', '.']],
  ['content', 'npx', ['tsx', 'scripts/buildContent.ts', '--check']],
  ['unit tests', 'npx', ['vitest', 'run']],
  ['package', 'node', ['scripts/package.mjs']],
  ['e2e (code-server)', 'node', ['scripts/e2e.mjs']],
];
const only = process.argv.slice(2);
const results = [];
for (const [name, cmd, args] of steps) {
  if (only.length && !only.some((o) => name.startsWith(o))) continue;
  console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  const ok = r.status === 0;
  results.push([name, ok, Date.now() - t0]);
  if (!ok) break;
}
console.log('\n=== summary');
for (const [name, ok, ms] of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${(ms / 1000).toFixed(1)} s)`);
const failed = results.filter(([, ok]) => !ok).length;
process.exit(failed || results.length === 0 ? 1 : 0);
