// `npm run content:build` compiles content/ into dist/content.json (bundled into the VSIX, read on
// first use, never parsed as Markdown at activation). `--check` validates only. Exits 1 on errors.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBankFromDir } from '../src/core/content/loadBank';

const root = join(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const quiet = process.argv.includes('--quiet');
const { bank, problems } = loadBankFromDir(join(root, 'content'));
const errors = problems.filter((p) => p.severity === 'error');
for (const p of problems) process.stderr.write(`content/${p.file}:${p.line}: ${p.severity}: ${p.message}\n`);

if (!quiet) {
  const byTopic = new Map<string, number>();
  const byDiff = new Map<string, number>();
  for (const q of bank.questions) {
    byTopic.set(q.topic, (byTopic.get(q.topic) ?? 0) + 1);
    byDiff.set(q.difficulty, (byDiff.get(q.difficulty) ?? 0) + 1);
  }
  const n = bank.questions.length || 1;
  const pct = (d: string) => `${d} ${Math.round(((byDiff.get(d) ?? 0) / n) * 100)}%`;
  process.stdout.write(
    `${bank.questions.length} questions in ${bank.topics.length} topics, ${bank.questions.reduce((s, q) => s + q.quiz.length, 0)} quiz items, ` +
      `${bank.apis.length} API cards, ${bank.glossary.length} glossary terms\n` +
      `difficulty: ${pct('easy')}, ${pct('medium')}, ${pct('hard')}\n` +
      `per topic: ${[...byTopic].map(([t, c]) => `${t} ${c}`).join(', ')}\n`,
  );
}
if (errors.length) {
  process.stderr.write(`\n${errors.length} error(s) in content: fix them before building.\n`);
  process.exit(1);
}
if (!check) {
  mkdirSync(join(root, 'dist'), { recursive: true });
  writeFileSync(join(root, 'dist', 'content.json'), JSON.stringify(bank));
  process.stdout.write(`wrote dist/content.json (hash ${bank.hash})\n`);
}
