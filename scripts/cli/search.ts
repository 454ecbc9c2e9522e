// `npm run cli -- search "QUERY" [--k 10] [--json] [--mode hybrid|bm25|dense]`
import { join } from 'node:path';
import { loadBankFromDir } from '../../src/core/content/loadBank';
import { SearchIndex, type SearchMode } from '../../src/core/search/searchIndex';

const ROOT = join(import.meta.dirname, '..', '..');

export async function run(args: string[]): Promise<number> {
  let k = 10;
  let json = false;
  let mode: SearchMode = 'hybrid';
  let modelDir = join(ROOT, 'models');
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--k') k = Number(args[++i]);
    else if (a === '--mode') mode = args[++i] as SearchMode;
    else if (a === '--model') modelDir = args[++i];
    else words.push(a);
  }
  const query = words.join(' ').trim();
  if (!query || !Number.isFinite(k) || k < 1 || !['hybrid', 'bm25', 'dense'].includes(mode)) {
    process.stderr.write('Usage: npm run cli -- search "QUERY" [--k 10] [--json] [--mode hybrid|bm25|dense]\n');
    return 2;
  }
  const { bank } = loadBankFromDir(join(ROOT, 'content'));
  const index = new SearchIndex({
    bank,
    modelDir,
    onNotice: (n) => process.stderr.write(`note: ${n.message}\n`),
  });
  const hits = await index.search(query, { k, mode });
  const fixes = mode === 'bm25' ? [] : index.spellingFixes(query);
  await index.dispose();
  const rows = hits.map((h) => ({ id: h.id, title: h.title, topic: h.topic, tags: h.tags, score: Number(h.score.toFixed(4)) }));
  if (json) process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
  else if (!rows.length) process.stdout.write('No matching questions.\n');
  else rows.forEach((r, i) => process.stdout.write(`${String(i + 1).padStart(2)}. ${r.score.toFixed(3)}  ${r.title}  [${r.topic}] (${r.id})\n`));
  if (!json && fixes.length) process.stderr.write(`(read ${fixes.map((f) => `“${f.from}” as “${f.to}”`).join(', ')})\n`);
  return 0;
}
