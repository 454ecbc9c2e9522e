// Code intelligence benchmark: parse + detect on a generated 5,000-line Python file, the bare
// tree-sitter parse of the same file (the floor), an edit + incremental reparse + detect, and the
// pure functions behind the hover and CodeLens providers.
import { join } from 'node:path';
import { detectInTree } from '../../src/core/code/detect';
import { GrammarLoader, nodeModulesGrammarLocator } from '../../src/core/code/grammars';
import { findCallAtPosition, ParsedDocument } from '../../src/core/code/parsedDocument';
import { explainCall } from '../../src/core/explain/explainCall';
import { renderHoverMarkdown } from '../../src/core/explain/hoverMarkdown';
import { buildLenses, resolveLens } from '../../src/core/explain/lensModel';
import { type BenchRow, median, percentile, sample } from './benchUtil';
import { generatePythonModule } from './data/pythonModule';

const questions = [
  { id: 'q1', title: 'What is LoRA?' },
  { id: 'q2', title: 'Why scale by alpha/r?' },
  { id: 'q3', title: 'What does QLoRA quantize?' },
];
const deps = { getCard: () => undefined, questionsFor: () => questions };

export async function run(): Promise<BenchRow[]> {
  const loader = new GrammarLoader(nodeModulesGrammarLocator(join(import.meta.dirname, '..', '..', 'node_modules')));
  const parser = await loader.parser('python');
  const src = generatePythonModule(5000);
  const lines = src.split('\n').length;

  const bare = await sample(() => parser.parse(src)?.delete(), { warmup: 5, iterations: 25 });
  let callCount = 0;
  const full = await sample(
    () => {
      const tree = parser.parse(src);
      if (!tree) return;
      callCount = detectInTree(tree, src, 'python').length;
      tree.delete();
    },
    { warmup: 5, iterations: 25 },
  );
  const tree = parser.parse(src)!;
  const detectOnly = await sample(() => detectInTree(tree, src, 'python'), { warmup: 5, iterations: 25 });
  tree.delete();

  // Editor path: one keystroke in the middle of the file, incremental reparse, detect.
  const doc = ParsedDocument.fromParser(parser, 'python', src);
  doc.calls();
  /** Types a character at `offset` and deletes it again, alternately; each step is one keystroke. */
  const keystrokes = async (offset: number, ch: string) => {
    let toggle = false;
    const before = { ...doc.stats };
    const samples = await sample(
      () => {
        if (toggle) doc.applyChanges([{ rangeOffset: offset, rangeLength: 1, text: '' }]);
        else doc.applyChanges([{ rangeOffset: offset, rangeLength: 0, text: ch }]);
        toggle = !toggle;
        doc.calls();
      },
      { warmup: 6, iterations: 40 },
    );
    if (toggle) {
      doc.applyChanges([{ rangeOffset: offset, rangeLength: 1, text: '' }]);
      doc.calls();
    }
    return { samples, incremental: doc.stats.incremental - before.incremental, full: doc.stats.full - before.full };
  };
  const mid = src.indexOf('\n', Math.floor(src.length / 2)) + 1;
  const incremental = await keystrokes(mid, '#');
  // Inside the arguments of a recognised call (the statement is re-detected, nothing else).
  const inCall = src.indexOf('temperature=0.2', mid) + 'temperature=0.'.length;
  const callEdit = await keystrokes(inCall, '5');
  // Renaming an assigned tracked name (`splitter` → `splitterx`): bindings change, full re-detect.
  const inBinding = src.indexOf('    splitter = ', mid) + '    splitter'.length;
  const bindingEdit = await keystrokes(inBinding, 'x');

  // Refresh / reopen with unchanged text: reparse with the old tree, detect from the cached state.
  const refreshTree = parser.parse(src)!;
  const refreshDoc = ParsedDocument.fromParser(parser, 'python', src);
  refreshDoc.calls();
  const refreshSameTree = await sample(
    () => {
      const t = parser.parse(src, refreshTree);
      t?.delete();
    },
    { warmup: 5, iterations: 25 },
  );
  refreshTree.delete();
  const refresh = await sample(
    () => {
      refreshDoc.applyChanges([]);
      refreshDoc.calls();
    },
    { warmup: 5, iterations: 25 },
  );
  const refreshFull = refreshDoc.stats.full;
  refreshDoc.dispose();

  // Hover: find the call at a position and build the Markdown, on positions inside calls.
  const calls = doc.calls();
  const positions = calls.filter((_, i) => i % 7 === 0).map((c) => c.calleeRange.start);
  let k = 0;
  const hover = await sample(
    () => {
      const p = positions[k++ % positions.length];
      const call = findCallAtPosition(calls, p);
      if (call) renderHoverMarkdown(call, explainCall(call), questions, { uri: 'file:///bench.py', line: p.line, character: p.character });
    },
    { warmup: 20, iterations: 200 },
  );

  // CodeLens: rows for the whole file plus resolving every title (the worst case: all visible).
  const lens = await sample(
    () => {
      for (const g of buildLenses(calls, () => questions.length)) {
        resolveLens(g.calls, 'explain', 'file:///bench.py', 'python', deps);
        if (g.hasQuiz) resolveLens(g.calls, 'quiz', 'file:///bench.py', 'python', deps);
      }
    },
    { warmup: 3, iterations: 20 },
  );
  const provideOnly = await sample(() => buildLenses(calls, () => questions.length), { warmup: 5, iterations: 50 });
  doc.dispose();

  const fullMed = median(full);
  const bareMed = median(bare);
  return [
    { name: `file: ${lines} lines, ${callCount} recognised calls`, value: callCount, unit: 'calls' },
    { name: 'bare tree-sitter parse, 5k-line Python (floor)', value: bareMed, unit: 'ms' },
    // The "≤ 20 ms" read strictly as a cold parse: kept as a goal so the bench says it is
    // over; the bare parse (the floor) alone exceeds it on this machine.
    { name: 'cold parse + full detect, 5k-line Python', value: fullMed, unit: 'ms', goal: 20 },
    { name: 'ratio cold parse+detect / bare parse', value: fullMed / bareMed, unit: '×' },
    { name: 'detect only (tree already parsed, full detect)', value: median(detectOnly), unit: 'ms' },
    { name: 'first refresh: reparse unchanged text with a freshly parsed old tree', value: median(refreshSameTree), unit: 'ms' },
    { name: `warm parse + detect (old tree, detect from cache; ${refreshFull - 1} full runs)`, value: median(refresh), unit: 'ms', goal: 20 },
    { name: 'ratio warm parse+detect / bare parse', value: median(refresh) / bareMed, unit: '×' },
    { name: `keystroke: edit + incremental reparse + detect (${incremental.incremental}/${incremental.incremental + incremental.full} incremental)`, value: median(incremental.samples), unit: 'ms', goal: 5 },
    { name: `keystroke inside a call's arguments (${callEdit.incremental}/${callEdit.incremental + callEdit.full} incremental)`, value: median(callEdit.samples), unit: 'ms', goal: 5 },
    { name: `keystroke renaming a tracked assignment (${bindingEdit.incremental}/${bindingEdit.incremental + bindingEdit.full} incremental, full fallback)`, value: median(bindingEdit.samples), unit: 'ms' },
    { name: 'hover computation p95 (find call + explain + markdown)', value: percentile(hover, 95), unit: 'ms', goal: 5 },
    { name: 'CodeLens: provide rows for the file', value: median(provideOnly), unit: 'ms' },
    { name: 'CodeLens: provide + resolve every title in the file', value: median(lens), unit: 'ms', goal: 10 },
  ];
}
