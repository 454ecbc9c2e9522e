// Jupyter notebooks: the Python code cells are joined into one source (so an import in the first cell
// resolves a call in the fifth), detected once, and the results mapped back to cell-relative lines.
// Each cell is closed off before the next one starts (open brackets and strings get closing text, a
// dangling line continuation is ended), so a half-typed cell's syntax errors stay inside it.
import type { GrammarLoader } from './grammars';
import { detectSource } from './detect';
import type { DetectedCall } from './types';

export interface NotebookCell {
  index: number;
  kind: 'code' | 'markdown' | 'raw';
  source: string;
}

export interface NotebookSource {
  cells: NotebookCell[];
  /** Kernel language; only Python notebooks are analysed. */
  language: string;
}

/** Parses .ipynb JSON (nbformat 4; tolerant of missing fields). Throws on invalid JSON. */
export function parseNotebook(json: string): NotebookSource {
  const nb = JSON.parse(json) as {
    cells?: { cell_type?: string; source?: string | string[] }[];
    metadata?: { kernelspec?: { language?: string }; language_info?: { name?: string } };
  };
  const language = (nb.metadata?.language_info?.name ?? nb.metadata?.kernelspec?.language ?? 'python').toLowerCase();
  const cells = (nb.cells ?? []).map((c, index): NotebookCell => {
    const kind = c.cell_type === 'code' ? 'code' : c.cell_type === 'markdown' ? 'markdown' : 'raw';
    const source = Array.isArray(c.source) ? c.source.join('') : (c.source ?? '');
    return { index, kind, source };
  });
  return { cells, language };
}

const NON_PYTHON_CELL_MAGIC = /^%%(bash|sh|script|html|javascript|js|markdown|latex|svg|writefile|perl|ruby|sql)\b/;

/** Comments out IPython magics and shell escapes so the cell parses as Python (lengths preserved). */
export function neutralizeMagics(source: string): string {
  if (NON_PYTHON_CELL_MAGIC.test(source.trimStart())) return source.replace(/^(.)/gm, '#');
  return source.replace(/^([ \t]*)[%!]/gm, '$1#');
}

export interface CombinedSource {
  text: string;
  /**
   * Per included cell: its index, first line and start offset in `text`, its length, and (when the
   * cell needed closing text after it) the cell-relative position of its end.
   */
  parts: { cell: number; line: number; offset: number; length: number; end?: { line: number; character: number } }[];
}

export function combineCells(cells: readonly { index: number; source: string }[]): CombinedSource {
  let text = '';
  let line = 0;
  const parts: CombinedSource['parts'] = [];
  for (const c of cells) {
    const src = neutralizeMagics(c.source);
    const part: CombinedSource['parts'][number] = { cell: c.index, line, offset: text.length, length: src.length };
    const closing = closingText(src);
    if (closing) {
      const lastNl = src.lastIndexOf('\n');
      part.end = { line: countLines(src), character: src.length - lastNl - 1 };
    }
    parts.push(part);
    text += src + closing + '\n';
    line += countLines(src) + countLines(closing) + 1;
  }
  return { text, parts };
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/**
 * Text that, appended to a cell, ends everything the cell left open: an unterminated string, open
 * brackets (closed on a line of their own, past a trailing comment), a trailing `\` continuation.
 * Empty for a cell that ends cleanly. Without it a cell like `x = foo(1,` swallows the cells after it.
 */
export function closingText(src: string): string {
  const stack: string[] = [];
  let quote = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i];
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = src.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      let j = i + q.length;
      let closed = false;
      while (j < n) {
        const d = src[j];
        if (d === '\\') {
          j += 2;
          continue;
        }
        if (!triple && d === '\n') break;
        if (src.startsWith(q, j)) {
          closed = true;
          j += q.length;
          break;
        }
        j++;
      }
      if (!closed && j >= n) {
        quote = q;
        i = n;
        break;
      }
      i = Math.min(j, n);
      continue;
    }
    if (c in CLOSER) stack.push(CLOSER[c]);
    else if (c === ')' || c === ']' || c === '}') stack.pop();
    i++;
  }
  let slashes = 0;
  while (slashes < n && src[n - 1 - slashes] === '\\') slashes++;
  let out = '';
  // A string ending in an odd run of backslashes would escape the quote that closes it.
  if (quote) out += (slashes % 2 ? '\\' : '') + quote;
  if (stack.length) out += '\n' + stack.reverse().join('');
  // A trailing `\` would join the next cell's first line to this one: give it a line to join.
  else if (!quote && slashes % 2) out += '\nNone';
  return out;
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Maps calls found in a combined source back to cell-relative positions. */
export function splitByCell(calls: DetectedCall[], combined: CombinedSource): DetectedCall[] {
  const out: DetectedCall[] = [];
  for (const call of calls) {
    const part = partFor(combined, call.startOffset);
    if (!part) continue;
    // Positions inside the closing text appended to a cell are clamped to the cell's end.
    const end = part.end;
    const shiftLine = (p: { line: number; character: number }) => {
      const line = p.line - part.line;
      if (end && (line > end.line || (line === end.line && p.character > end.character))) return { line: end.line, character: end.character };
      return { line, character: p.character };
    };
    const shiftRange = (r: DetectedCall['range']) => ({ start: shiftLine(r.start), end: shiftLine(r.end) });
    out.push({
      ...call,
      cell: part.cell,
      range: shiftRange(call.range),
      calleeRange: shiftRange(call.calleeRange),
      args: call.args.map((a) => ({ ...a, range: shiftRange(a.range) })),
      startOffset: call.startOffset - part.offset,
      endOffset: Math.min(call.endOffset, part.offset + part.length) - part.offset,
    });
  }
  return out;
}

function partFor(combined: CombinedSource, offset: number): CombinedSource['parts'][number] | undefined {
  const parts = combined.parts;
  let lo = 0;
  let hi = parts.length - 1;
  let found: CombinedSource['parts'][number] | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (parts[mid].offset <= offset) {
      found = parts[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found && offset <= found.offset + found.length ? found : undefined;
}

/** Detects library calls in a notebook's Python code cells; each call carries its `cell` index. */
export async function detectNotebook(loader: GrammarLoader, json: string): Promise<DetectedCall[]> {
  let nb: NotebookSource;
  try {
    nb = parseNotebook(json);
  } catch {
    return [];
  }
  if (nb.language !== 'python') return [];
  const combined = combineCells(nb.cells.filter((c) => c.kind === 'code'));
  const calls = await detectSource(loader, 'python', combined.text);
  return splitByCell(calls, combined);
}
