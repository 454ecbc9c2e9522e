// Entry points for detection: on a parsed tree, on source text, and on a file (CLI).
import type { Tree } from 'web-tree-sitter';
import type { GrammarLoader } from './grammars';
import { JsAnalyzer } from './jsAnalyzer';
import { PythonAnalyzer } from './pythonAnalyzer';
import type { CodeLanguage, DetectedCall } from './types';

/** Files above this size are not analysed (minified bundles, generated code). */
export const MAX_SOURCE_CHARS = 3_000_000;

/** Library calls in an already-parsed tree. Never throws: on internal failure returns what it has (or []). */
export function detectInTree(tree: Tree, text: string, language: CodeLanguage): DetectedCall[] {
  if (text.length > MAX_SOURCE_CHARS) return [];
  try {
    const analyzer = language === 'python' ? new PythonAnalyzer(tree, text) : new JsAnalyzer(tree, text);
    return analyzer.run();
  } catch {
    return [];
  }
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
