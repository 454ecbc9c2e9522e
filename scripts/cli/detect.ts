// `npm run cli -- detect FILE [--json]`: prints the GenAI library calls recognised in a source file or
// notebook, one record per call with 1-based lines.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { detectSource } from '../../src/core/code/detect';
import { GrammarLoader, languageFor, nodeModulesGrammarLocator } from '../../src/core/code/grammars';
import { detectNotebook } from '../../src/core/code/notebook';
import type { CallArg, DetectedCall } from '../../src/core/code/types';

export interface DetectRecord {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  symbol: string;
  library: string;
  legacy?: boolean;
  cell?: number;
  args: { name: string | null; index?: number; value: CallArg['value'] }[];
}

export function toRecord(c: DetectedCall): DetectRecord {
  const rec: DetectRecord = {
    line: c.range.start.line + 1,
    column: c.range.start.character + 1,
    endLine: c.range.end.line + 1,
    endColumn: c.range.end.character + 1,
    symbol: c.symbol,
    library: c.library,
    args: c.args.map((a) => (a.index === undefined ? { name: a.name, value: a.value } : { name: a.name, index: a.index, value: a.value })),
  };
  if (c.legacy) rec.legacy = true;
  if (c.cell !== undefined) rec.cell = c.cell;
  return rec;
}

let sharedLoader: GrammarLoader | undefined;

/** A loader reading the wasm grammars from this repository's node_modules. */
export function cliGrammarLoader(): GrammarLoader {
  sharedLoader ??= new GrammarLoader(nodeModulesGrammarLocator(join(import.meta.dirname, '..', '..', 'node_modules')));
  return sharedLoader;
}

/** Detects calls in a file on disk (source or .ipynb). */
export async function detectFile(file: string, loader = cliGrammarLoader()): Promise<DetectedCall[]> {
  const lang = languageFor(file);
  if (!lang) throw new Error(`Unsupported file type: ${file} (expected .py, .ts, .tsx, .js, .jsx, .mjs, .cjs or .ipynb)`);
  const text = await readFile(file, 'utf8');
  return lang === 'notebook' ? detectNotebook(loader, text) : detectSource(loader, lang, text);
}

function formatValue(v: CallArg['value']): string {
  const s = JSON.stringify(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
}

export async function run(args: string[]): Promise<number> {
  const json = args.includes('--json');
  const files = args.filter((a) => !a.startsWith('--'));
  if (files.length !== 1) {
    process.stderr.write('Usage: npm run cli -- detect FILE [--json]\n');
    return 2;
  }
  const calls = await detectFile(files[0]);
  const records = calls.map(toRecord);
  if (json) {
    process.stdout.write(JSON.stringify(records, null, 2) + '\n');
    return 0;
  }
  for (const r of records) {
    const where = (r.cell !== undefined ? `cell ${r.cell} ` : '') + `${r.line}:${r.column}`;
    const args = r.args.map((a) => (a.name ? `${a.name}=${formatValue(a.value)}` : formatValue(a.value))).join(', ');
    process.stdout.write(`${where.padEnd(14)} ${r.symbol}${r.legacy ? ' (legacy)' : ''}${args ? `  ${args}` : ''}\n`);
  }
  if (!records.length) process.stdout.write('No GenAI library calls recognised.\n');
  return 0;
}
