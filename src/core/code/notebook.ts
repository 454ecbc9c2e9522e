// Jupyter notebooks: the Python code cells are joined into one source (so an import in the first cell
// resolves a call in the fifth), detected once, and the results mapped back to cell-relative lines.
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
  /** Per included cell: its index, first line and start offset in `text`. */
  parts: { cell: number; line: number; offset: number; length: number }[];
}

export function combineCells(cells: readonly { index: number; source: string }[]): CombinedSource {
  let text = '';
  let line = 0;
  const parts: CombinedSource['parts'] = [];
  for (const c of cells) {
    const src = neutralizeMagics(c.source);
    parts.push({ cell: c.index, line, offset: text.length, length: src.length });
    text += src + '\n';
    line += countLines(src) + 1;
  }
  return { text, parts };
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
    const shiftLine = (p: { line: number; character: number }) => ({ line: p.line - part.line, character: p.character });
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
