// A parsed editor document that follows edits incrementally: each edit is applied to the old tree
// with `tree.edit`, and the next parse reuses it, so a keystroke costs a fraction of a full parse.
// Detection results are computed lazily and cached until the next edit; after an edit only the
// top-level statements it touched are re-detected when that gives the same answer as a full run
// (see `redetect`).
import type { Node, Parser, Point, Tree } from 'web-tree-sitter';
import type { AnalysisState, RegionEdit } from './analyzer';
import { detectWithState, MAX_SOURCE_CHARS, redetect } from './detect';
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
  /** State of the last detection (over `state.text`), the base for incremental re-detection. */
  private state: AnalysisState | undefined;
  /** Extent of the edits since `state` was computed: [start, newEnd) now replaced [start, oldEnd) then. */
  private pending: RegionEdit | undefined;
  /** Top-level region to re-detect, computed at reparse time (needs both trees). */
  private region: RegionEdit | undefined;
  /** Counters for tests and benchmarks. */
  readonly stats = { full: 0, incremental: 0 };

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
      this.notePending(start, oldEnd, start + ch.text.length);
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

  /**
   * Replaces the whole text (a refresh or reopen). Unchanged text keeps tree and results; otherwise
   * the differing middle is applied as one edit, so the reparse and detection stay incremental.
   */
  setText(text: string): void {
    if (text === this._text) return;
    const old = this._text;
    const max = Math.min(old.length, text.length);
    let pre = 0;
    while (pre < max && old.charCodeAt(pre) === text.charCodeAt(pre)) pre++;
    let suf = 0;
    while (suf < max - pre && old.charCodeAt(old.length - 1 - suf) === text.charCodeAt(text.length - 1 - suf)) suf++;
    this.applyChanges([{ rangeOffset: pre, rangeLength: old.length - suf - pre, text: text.slice(pre, text.length - suf) }]);
  }

  /** Merges one edit ([start, oldEnd) → [start, newEnd) in current offsets) into the pending extent. */
  private notePending(start: number, oldEnd: number, newEnd: number): void {
    if (!this.state) return;
    this.pending = compose(this.pending, { start, oldEnd, end: newEnd });
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
    // A region not yet consumed by `calls()` (the tree was read in between) still counts.
    const edit = this.region ? compose(this.region, this.pending) : this.pending;
    this.region = undefined;
    if (this.state && old && this.tree) {
      try {
        this.region = affectedRegion(old, this.tree, edit);
      } catch {
        this.region = undefined;
      }
    }
    this.pending = undefined;
    old?.delete();
  }

  /** Recognised library calls, sorted by position (cached until the next edit). */
  calls(): DetectedCall[] {
    if (this.cached) return this.cached;
    this.reparse();
    const prev = this.state;
    const region = this.region;
    this.state = undefined;
    this.region = undefined;
    if (!this.tree) return (this.cached = []);
    if (prev && region) {
      const r = redetect(this.tree, this._text, this.language, prev, region);
      if (r) {
        this.stats.incremental++;
        this.state = r.state;
        return (this.cached = r.calls);
      }
    }
    this.stats.full++;
    const full = detectWithState(this.tree, this._text, this.language);
    this.state = full.state;
    return (this.cached = full.calls);
  }

  /** The innermost call whose range contains the position (callee or arguments). */
  callAt(position: Position): DetectedCall | undefined {
    return findCallAtPosition(this.calls(), position);
  }

  dispose(): void {
    this.tree?.delete();
    this.tree = null;
    this.state = undefined;
  }
}

/**
 * The edited extent (new offsets) widened by the ranges whose syntax changed and then to whole
 * top-level statements of both the old (edited) and the new tree, so that everything outside it is
 * the same text with the same structure in both.
 */
function affectedRegion(oldTree: Tree, newTree: Tree, edit: RegionEdit | undefined): RegionEdit {
  let start = edit ? edit.start : Infinity;
  let end = edit ? edit.end : -Infinity;
  for (const r of newTree.getChangedRanges(oldTree)) {
    start = Math.min(start, r.startIndex);
    end = Math.max(end, r.endIndex);
  }
  const delta = edit ? edit.end - edit.oldEnd : 0;
  // Same text, same structure (a refresh): nothing to re-detect.
  if (start > end) return { start: 0, end: 0, oldEnd: 0 };
  const roots = [oldTree.rootNode, newTree.rootNode];
  for (let guard = 0; guard < 8; guard++) {
    let changed = false;
    for (const root of roots) {
      const [s, e] = widenToStatements(root, start, end);
      if (s < start || e > end) {
        start = Math.min(s, start);
        end = Math.max(e, end);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return { start, end, oldEnd: end - delta };
}

/**
 * Composes two edit extents: `a` took the base text to text 1, `b` (offsets of text 1) took text 1
 * to text 2. The result covers both, in text-2 offsets, with its end in base offsets.
 */
function compose(a: RegionEdit | undefined, b: RegionEdit | undefined): RegionEdit | undefined {
  if (!a) return b;
  if (!b) return a;
  const start = Math.min(a.start, b.start);
  const endIn1 = Math.max(a.end, b.oldEnd);
  const baseEnd = endIn1 - (a.end - a.oldEnd);
  return { start, oldEnd: baseEnd, end: endIn1 + (b.end - b.oldEnd) };
}

/** Widens [start, end) to the top-level children it overlaps or touches. */
function widenToStatements(root: Node, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  let c: Node | null = root.firstChildForIndex(Math.max(0, start - 1));
  for (; c; c = c.nextSibling) {
    const cs = c.startIndex;
    if (cs > end) break;
    const ce = c.endIndex;
    if (ce < start) continue;
    if (cs < s) s = cs;
    if (ce > e) e = ce;
  }
  return [s, e];
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
