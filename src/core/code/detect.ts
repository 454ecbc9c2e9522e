// Entry points for detection: on a parsed tree, on source text, and on a file (CLI).
import type { Node, Tree } from 'web-tree-sitter';
import type { Analyzer, AnalysisState, RegionEdit } from './analyzer';
import type { GrammarLoader } from './grammars';
import { JsAnalyzer } from './jsAnalyzer';
import { PythonAnalyzer } from './pythonAnalyzer';
import type { CodeLanguage, DetectedCall, Position, Range } from './types';

/** Files above this size are not analysed (minified bundles, generated code). */
export const MAX_SOURCE_CHARS = 3_000_000;

/** Library calls in an already-parsed tree. Never throws: on internal failure returns what it has (or []). */
export function detectInTree(tree: Tree, text: string, language: CodeLanguage): DetectedCall[] {
  if (text.length > MAX_SOURCE_CHARS) return [];
  try {
    return analyzerFor(tree, text, language).run();
  } catch {
    return [];
  }
}

function analyzerFor(tree: Tree, text: string, language: CodeLanguage): Analyzer {
  return language === 'python' ? new PythonAnalyzer(tree, text) : new JsAnalyzer(tree, text);
}

/** Full detection that also returns the state incremental re-detection starts from. */
export function detectWithState(tree: Tree, text: string, language: CodeLanguage): { calls: DetectedCall[]; state?: AnalysisState } {
  if (text.length > MAX_SOURCE_CHARS) return { calls: [] };
  try {
    return analyzerFor(tree, text, language).runWithState();
  } catch {
    return { calls: [] };
  }
}

/**
 * Incremental detection after an edit: `region` (new-text offsets, whole top-level statements of
 * `tree`) replaced [region.start, region.oldEnd) of `prev.text`. Re-detects the region alone and
 * shifts the previous results around it; returns undefined when only a full run is exact (the region
 * touched imports, definitions or bindings of tracked names). The result equals a full detection.
 */
export function redetect(
  tree: Tree,
  text: string,
  language: CodeLanguage,
  prev: AnalysisState,
  region: RegionEdit,
): { calls: DetectedCall[]; state: AnalysisState } | undefined {
  if (text.length > MAX_SOURCE_CHARS) return undefined;
  try {
    const tops = topLevelIn(tree.rootNode, region.start, region.end);
    const analyzer = analyzerFor(tree, text, language);
    const regionCalls = analyzer.runRegion(prev, region, tops);
    if (!regionCalls) return undefined;
    return merge(prev, text, region, regionCalls);
  } catch {
    return undefined;
  }
}

/** Top-level children of `root` overlapping [start, end). */
function topLevelIn(root: Node, start: number, end: number): Node[] {
  const out: Node[] = [];
  for (let c = root.firstChildForIndex(start); c && c.startIndex < end; c = c.nextSibling) out.push(c);
  return out;
}

function countNewlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

function columnAt(s: string, offset: number): number {
  return offset - (s.lastIndexOf('\n', offset - 1) + 1);
}

function merge(prev: AnalysisState, text: string, region: RegionEdit, regionCalls: DetectedCall[]): { calls: DetectedCall[]; state: AnalysisState } {
  const old = prev.text;
  const delta = region.end - region.oldEnd;
  const lineDelta = countNewlines(text, region.start, region.end) - countNewlines(old, region.start, region.oldEnd);
  const oldEndLine = countNewlines(old, 0, region.oldEnd);
  const colDelta = columnAt(text, region.end) - columnAt(old, region.oldEnd);
  const shiftPos = (p: Position): Position => ({
    line: p.line + lineDelta,
    character: p.line === oldEndLine ? p.character + colDelta : p.character,
  });
  const shiftRange = (r: Range): Range => ({ start: shiftPos(r.start), end: shiftPos(r.end) });
  const unchanged = delta === 0 && lineDelta === 0 && colDelta === 0;
  const calls: DetectedCall[] = [];
  for (const c of prev.calls) {
    if (c.startOffset >= region.start) break;
    calls.push(c);
  }
  calls.push(...regionCalls);
  for (const c of prev.calls) {
    if (c.startOffset < region.oldEnd) continue;
    if (unchanged) {
      calls.push(c);
      continue;
    }
    calls.push({
      ...c,
      range: shiftRange(c.range),
      calleeRange: shiftRange(c.calleeRange),
      args: c.args.map((a) => ({ ...a, range: shiftRange(a.range) })),
      startOffset: c.startOffset + delta,
      endOffset: c.endOffset + delta,
    });
  }
  let defs = prev.defs;
  let effects = prev.effects;
  if (delta !== 0) {
    const shift = (x: number) => (x >= region.oldEnd ? x + delta : x);
    defs = new Map();
    for (const [key, list] of prev.defs) {
      defs.set(
        key,
        list.map((d) => ({ pos: shift(d.pos), scope: d.scope >= 0 ? shift(d.scope) : d.scope, at: shift(d.at), value: d.value })),
      );
    }
    effects = prev.effects.map(shift);
  }
  return { calls, state: { text, defs, interesting: prev.interesting, effects, calls } };
}

/** Parses and detects in one go (no incremental state kept). */
export async function detectSource(loader: GrammarLoader, language: CodeLanguage, text: string): Promise<DetectedCall[]> {
  if (text.length > MAX_SOURCE_CHARS) return [];
  const parser = await loader.parser(language);
  const tree = parser.parse(text);
  if (!tree) return [];
  try {
    return detectInTree(tree, text, language);
  } finally {
    tree.delete();
  }
}
