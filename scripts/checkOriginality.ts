// `npm run content:originality -- <folder of seed texts>`: lists every run of 10 or more consecutive
// words that a content file shares with a seed text (code blocks, formulas and front-matter
// identifiers excluded). The seeds are not part of the product; pass their folder explicitly.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { maskCode } from '../src/core/content/mathSpans';

const RUN = 10;
const seedsDir = process.argv[2];
if (!seedsDir) {
  process.stderr.write('usage: npm run content:originality -- <folder with the seed .txt files>\n');
  process.exit(2);
}
const words = (s: string) => s.toLowerCase().replace(/\$\$[\s\S]*?\$\$|\$[^$\n]*\$/g, ' ').match(/[a-z0-9']+/g) ?? [];
const seedRuns = new Map<string, string>();
for (const f of readdirSync(seedsDir).filter((f) => f.endsWith('.txt'))) {
  const w = words(maskCode(readFileSync(join(seedsDir, f), 'utf8')));
  for (let i = 0; i + RUN <= w.length; i++) seedRuns.set(w.slice(i, i + RUN).join(' '), f);
}
const root = join(import.meta.dirname, '..', 'content');
const files: string[] = [];
const walk = (d: string) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(md|yaml)$/.test(n)) files.push(p);
  }
};
walk(root);
let hits = 0;
for (const f of files) {
  const w = words(maskCode(readFileSync(f, 'utf8')));
  for (let i = 0; i + RUN <= w.length; i++) {
    const run = w.slice(i, i + RUN).join(' ');
    const seed = seedRuns.get(run);
    if (seed) {
      hits++;
      process.stdout.write(`content/${relative(root, f)}: shares "${run}" with ${seed}\n`);
      i += RUN - 1;
    }
  }
}
process.stdout.write(`${hits} shared run(s) of ${RUN}+ words in ${files.length} files\n`);
process.exit(hits ? 1 : 0);
