// Splits a Markdown file into YAML front matter and body, keeping enough position information to
// report problems at the exact line of the offending field.
import { LineCounter, parseDocument, isMap, isSeq, isScalar, type Document, type Node } from 'yaml';

export interface Problem {
  file: string;
  /** 1-based line in the file. */
  line: number;
  message: string;
  severity: 'error' | 'warning';
}

export interface ParsedFrontMatter {
  data: unknown;
  body: string;
  /** 1-based line where the body starts. */
  bodyLine: number;
  /** Resolves a data path (e.g. ['quiz', 1, 'options']) to a 1-based file line. */
  lineOf(path: ReadonlyArray<PropertyKey>): number;
  problems: Problem[];
}

const FENCE = /^---[ \t]*$/;

export function parseFrontMatter(text: string, file: string): ParsedFrontMatter {
  const src = text.replace(/^\uFEFF/, '');
  const lines = src.split(/\r?\n/);
  const problems: Problem[] = [];
  if (!FENCE.test(lines[0] ?? '')) {
    problems.push({ file, line: 1, severity: 'error', message: 'missing YAML front matter: the file must start with a line "---"' });
    return { data: undefined, body: src, bodyLine: 1, lineOf: () => 1, problems };
  }
  const end = lines.findIndex((l, i) => i > 0 && FENCE.test(l));
  if (end < 0) {
    problems.push({ file, line: 1, severity: 'error', message: 'front matter is not closed: add a line "---" after it' });
    return { data: undefined, body: '', bodyLine: lines.length, lineOf: () => 1, problems };
  }
  const yamlText = lines.slice(1, end).join('\n');
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const offsetLine = 1; // YAML line 1 is file line 2
  for (const e of [...doc.errors, ...doc.warnings]) {
    const pos = e.pos ? lineCounter.linePos(e.pos[0]).line : 1;
    problems.push({
      file,
      line: pos + offsetLine,
      severity: doc.errors.includes(e as never) ? 'error' : 'warning',
      message: `YAML: ${e.message.split('\n')[0]}`,
    });
  }
  const data: unknown = doc.errors.length ? undefined : doc.toJS();
  const body = lines.slice(end + 1).join('\n');
  return {
    data,
    body,
    bodyLine: end + 2,
    lineOf: (path) => nodeLine(doc, lineCounter, path) + offsetLine,
    problems,
  };
}

function nodeLine(doc: Document, lc: LineCounter, path: ReadonlyArray<PropertyKey>): number {
  // Walk as deep as the path resolves; report the deepest node found (the field, or its parent).
  let node: Node | null = doc.contents as Node | null;
  let best = node?.range ? lc.linePos(node.range[0]).line : 1;
  for (const key of path) {
    if (!node) break;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (keyNode.range) best = lc.linePos(keyNode.range[0]).line;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof key === 'number') {
      node = (node.items[key] as Node | undefined) ?? null;
      if (node?.range) best = lc.linePos(node.range[0]).line;
    } else break;
  }
  return best;
}
