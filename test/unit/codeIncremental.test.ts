// Property test of incremental detection: random edits to the labelled fixtures (and the benchmark
// module), applied to a ParsedDocument one at a time; after every edit the incrementally maintained
// result must equal a fresh full parse + detect of the same text.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectSource } from '../../src/core/code/detect';
import { GrammarLoader, nodeModulesGrammarLocator } from '../../src/core/code/grammars';
import { ParsedDocument, type TextChange } from '../../src/core/code/parsedDocument';
import type { CodeLanguage } from '../../src/core/code/types';
import { generatePythonModule } from '../../scripts/bench/data/pythonModule';
import { mulberry32 } from '../../scripts/train/rng';

const loader = new GrammarLoader(nodeModulesGrammarLocator(join(import.meta.dirname, '..', '..', 'node_modules')));
const fixtureDir = join(import.meta.dirname, '..', 'fixtures', 'code');
const LANG: Record<string, CodeLanguage> = { py: 'python', ts: 'typescript', tsx: 'tsx', js: 'javascript' };

/** Small deterministic PRNG: the trainer's mulberry32. */
const rng = mulberry32;

const PY_SNIPPETS = [
  '#',
  ' ',
  '\n',
  'x',
  '(',
  ')',
  '"',
  '"""',
  ':',
  'client',
  'llm.invoke("hi")\n',
  'client = OpenAI()\n',
  'import openai\n',
  'def f():\n    pass\n',
  'class OpenAI:\n    pass\n',
  'temperature=0.9, ',
  '    y = model.generate(max_new_tokens=5)\n',
  'from peft import LoraConfig\n',
];
const JS_SNIPPETS = ['//', ' ', '\n', 'x', '(', ')', '{', '}', "'", '`', 'client', 'const c = new OpenAI();\n', 'await llm.invoke("x");\n', 'import OpenAI from "openai";\n', 'function f() {}\n'];

/** A random edit: insert a snippet, delete a short range, or replace a range by a snippet or by text copied from the file. */
function randomEdit(text: string, r: () => number, lang: CodeLanguage): TextChange {
  const snippets = lang === 'python' ? PY_SNIPPETS : JS_SNIPPETS;
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const pick = r();
  const at = r() < 0.5 ? lineStarts[Math.floor(r() * lineStarts.length)] : Math.floor(r() * (text.length + 1));
  if (pick < 0.45) return { rangeOffset: at, rangeLength: 0, text: snippets[Math.floor(r() * snippets.length)] };
  const len = Math.min(text.length - at, Math.floor(r() * (r() < 0.8 ? 6 : 80)));
  if (pick < 0.75) return { rangeOffset: at, rangeLength: len, text: '' };
  if (pick < 0.9) return { rangeOffset: at, rangeLength: len, text: snippets[Math.floor(r() * snippets.length)] };
  const from = Math.floor(r() * text.length);
  return { rangeOffset: at, rangeLength: len, text: text.slice(from, from + Math.floor(r() * 60)) };
}

beforeAll(async () => {
  for (const l of ['python', 'typescript', 'tsx', 'javascript'] as const) await loader.parser(l);
});

async function checkRandomEdits(text: string, lang: CodeLanguage, seed: number, steps: number): Promise<{ incremental: number; full: number }> {
  const doc = await ParsedDocument.create(loader, lang, text);
  const r = rng(seed);
  try {
    expect(doc.calls()).toEqual(await detectSource(loader, lang, doc.text));
    for (let i = 0; i < steps; i++) {
      // Sometimes several changes per event, sometimes several events before asking for calls.
      const n = r() < 0.2 ? 2 : 1;
      for (let k = 0; k < n; k++) doc.applyChanges([randomEdit(doc.text, r, lang)]);
      if (r() < 0.1) void doc.syntaxTree;
      if (r() < 0.15) continue;
      const got = doc.calls();
      const want = await detectSource(loader, lang, doc.text);
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        expect({ seed, step: i, text: doc.text, calls: got }).toEqual({ seed, step: i, text: doc.text, calls: want });
      }
    }
    expect(doc.calls()).toEqual(await detectSource(loader, lang, doc.text));
    return { ...doc.stats };
  } finally {
    doc.dispose();
  }
}

describe('incremental detection equals full detection', () => {
  const files = readdirSync(fixtureDir).filter((f) => /\.(py|ts|tsx|js)$/.test(f));

  it('under random edits to every fixture file', async () => {
    let incremental = 0;
    let full = 0;
    for (const [i, f] of files.entries()) {
      const lang = LANG[f.slice(f.lastIndexOf('.') + 1)];
      const s = await checkRandomEdits(readFileSync(join(fixtureDir, f), 'utf8'), lang, 1000 + i, 40);
      incremental += s.incremental;
      full += s.full;
    }
    // The fixtures are small and dense (most statements bind a tracked name, which needs a full
    // run), but the incremental path must still be taken for a good share of the edits.
    expect(incremental).toBeGreaterThan((incremental + full) / 4);
  });

  it('under random edits to the benchmark module', async () => {
    const s = await checkRandomEdits(generatePythonModule(400), 'python', 7, 60);
    expect(s.incremental).toBeGreaterThan(0);
  });

  it('after a refresh with unchanged or changed text (setText)', async () => {
    const text = readFileSync(join(fixtureDir, 'qlora_train.py'), 'utf8');
    const doc = await ParsedDocument.create(loader, 'python', text);
    const before = doc.calls();
    doc.setText(text);
    expect(doc.calls()).toBe(before);
    const changed = text.replace('r=16', 'r=8');
    doc.setText(changed);
    expect(doc.calls()).toEqual(await detectSource(loader, 'python', changed));
    doc.dispose();
  });
});
