// A parsed editor document that follows edits incrementally: each edit is applied to the old tree
// with `tree.edit`, and the next parse reuses it, so a keystroke costs a fraction of a full parse.
// Detection results are computed lazily and cached until the next edit.
import type { Parser, Point, Tree } from 'web-tree-sitter';
import { detectInTree, MAX_SOURCE_CHARS } from './detect';
import type { GrammarLoader } from './grammars';
import type { CodeLanguage, DetectedCall, Position, Range } from './types';

/** One content change, shaped like VS Code's `TextDocumentContentChangeEvent`. */
export interface TextChange {
  rangeOffset: number;
  rangeLength: number;
  text: string;
  /** Positions of the replaced range in the text before this change (computed when absent). */
  range?: Range;
}

export class ParsedDocument {
  private tree: Tree | null;
  private cached: DetectedCall[] | undefined;
  private dirty = false;
  private _version = 0;

  private constructor(
    private readonly parser: Parser,
    readonly language: CodeLanguage,
    private _text: string,
  ) {
    this.tree = _text.length > MAX_SOURCE_CHARS ? null : parser.parse(_text);
  }

  static async create(loader: GrammarLoader, language: CodeLanguage, text: string): Promise<ParsedDocument> {
    return new ParsedDocument(await loader.parser(language), language, text);
  }

  /** Synchronous variant once the grammar is loaded (see `GrammarLoader.parser`). */
  static fromParser(parser: Parser, language: CodeLanguage, text: string): ParsedDocument {
    return new ParsedDocument(parser, language, text);
  }

  get text(): string {
    return this._text;
  }

  /** Incremented on every applied edit. */
  get version(): number {
    return this._version;
  }

  /** The current syntax tree (reparsed on demand after edits); null for oversized input. */
  get syntaxTree(): Tree | null {
    this.reparse();
    return this.tree;
  }

  /** Applies changes in order (each relative to the text after the previous one), then marks for reparse. */
  applyChanges(changes: readonly TextChange[]): void {
    for (const ch of changes) {
      const start = clamp(ch.rangeOffset, 0, this._text.length);
      const oldEnd = clamp(ch.rangeOffset + ch.rangeLength, start, this._text.length);
      const startPosition = ch.range ? toPoint(ch.range.start) : pointAt(this._text, start);
      const oldEndPosition = ch.range ? toPoint(ch.range.end) : pointAt(this._text, oldEnd);
      const newEndPosition = advance(startPosition, ch.text);
      this._text = this._text.slice(0, start) + ch.text + this._text.slice(oldEnd);
      this.tree?.edit({
        startIndex: start,
        oldEndIndex: oldEnd,
        newEndIndex: start + ch.text.length,
        startPosition,
        oldEndPosition,
        newEndPosition,
      });
    }
    this._version++;
    this.dirty = true;
    this.cached = undefined;
  }

  /** Replaces the whole text (no incremental reuse). */
  setText(text: string): void {
    this._text = text;
    this.tree?.delete();
    this.tree = null;
    this.dirty = true;
    this._version++;
    this.cached = undefined;
  }

  private reparse(): void {
    if (!this.dirty) return;
    this.dirty = false;
    if (this._text.length > MAX_SOURCE_CHARS) {
      this.tree?.delete();
      this.tree = null;
      return;
    }
    const old = this.tree;
    try {
      this.tree = this.parser.parse(this._text, old);
    } catch {
      this.tree = null;
    }
    old?.delete();
  }

  /** Recognised library calls, sorted by position (cached until the next edit). */
  calls(): DetectedCall[] {
    if (this.cached) return this.cached;
    this.reparse();
    this.cached = this.tree ? detectInTree(this.tree, this._text, this.language) : [];
    return this.cached;
  }

  /** The innermost call whose range contains the position (callee or arguments). */
  callAt(position: Position): DetectedCall | undefined {
    return findCallAtPosition(this.calls(), position);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
  }
}

function contains(r: Range, p: Position): boolean {
  const afterStart = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const beforeEnd = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return afterStart && beforeEnd;
}

function size(r: Range): number {
  return (r.end.line - r.start.line) * 10_000 + (r.end.character - r.start.character);
}

/**
 * The call to explain at a position: a call whose callee is under the cursor wins; otherwise the
 * innermost call whose arguments contain it.
 */
export function findCallAtPosition(calls: readonly DetectedCall[], position: Position): DetectedCall | undefined {
  let best: DetectedCall | undefined;
  for (const c of calls) {
    if (c.range.start.line > position.line) break;
    if (contains(c.calleeRange, position)) {
      if (!best || !contains(best.calleeRange, position) || size(c.calleeRange) < size(best.calleeRange)) best = c;
      continue;
    }
    if (contains(c.range, position) && (!best || (!contains(best.calleeRange, position) && size(c.range) < size(best.range)))) best = c;
  }
  return best;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function toPoint(p: Position): Point {
  return { row: p.line, column: p.character };
}

function pointAt(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: offset - lineStart };
}

function advance(start: Point, inserted: string): Point {
  const lastNl = inserted.lastIndexOf('\n');
  if (lastNl < 0) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastNl - 1 };
}
