// Shapes produced by code detection. Positions are 0-based lines and UTF-16 columns (the same units
// as VS Code and web-tree-sitter), so the editor glue can map them without conversion.

export type CodeLanguage = 'python' | 'typescript' | 'tsx' | 'javascript';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A value that is not a literal: the source text of the expression. */
export interface ExprValue {
  kind: 'expr';
  text: string;
}

/** Literal JS value of an argument (Python None and JS null → null; tuples → arrays; dicts → objects). */
export type LiteralValue = null | boolean | number | string | LiteralValue[] | { [key: string]: LiteralValue } | ExprValue;

export interface CallArg {
  /** Keyword / object-property name (a JS call's first object literal is flattened into named args); null when positional. */
  name: string | null;
  /** Position among the positional arguments (only for positional ones). */
  index?: number;
  /** `*args` / `**kwargs` / `...spread`. */
  splat?: boolean;
  value: LiteralValue;
  range: Range;
  /**
   * Named arguments: where the name itself lies, relative to `range.start` (same line, UTF-16 units):
   * `offset` characters after it, `length` long. A quoted JS key (`"max_tokens": 1`) starts after its
   * quote; a method property (`async f() {}`) after its modifiers. Relative, so it moves with `range`.
   */
  nameSpan?: { offset: number; length: number };
  /**
   * JS: this property (or `...spread`) was read from the call's option object, the first object
   * literal among the arguments, whose properties are the named arguments. A new named argument goes
   * after the last such property; later object arguments (request options) stay positional.
   */
  inOptions?: boolean;
}

export interface DetectedCall {
  /** Canonical id `<library>:<dotted name>`, e.g. `peft:LoraConfig`. */
  symbol: string;
  library: string;
  /** Pre-1.0 openai and deprecated langchain APIs. */
  legacy?: boolean;
  /** `call` for calls and `new`, `reference` for decorators/enums/metric objects, `pipe` for LCEL pipes. */
  kind: 'call' | 'reference' | 'pipe';
  /** The whole call expression. */
  range: Range;
  /** The callee (`client.chat.completions.create`), used for hovers and CodeLens placement. */
  calleeRange: Range;
  /**
   * Source text of the callee without whitespace, e.g. `client.chat.completions.create`. A longer one
   * than 200 characters keeps its first and last 100 around `…`, so its end (the method) is intact.
   */
  callee: string;
  args: CallArg[];
  /** Module the root name was imported from, e.g. `langchain.chat_models` (lets explain flag moved imports). */
  module?: string;
  /**
   * Every module the callee's root name is imported from in the file, in source order, when there is
   * more than one (`try: from langchain_openai import X` / `except ImportError: from langchain… import X`).
   */
  importModules?: string[];
  /** Notebook cell index (code cells and markdown cells both count); lines are then cell-relative. */
  cell?: number;
  /** UTF-16 offsets of `range` in the parsed text (of the cell for notebooks). */
  startOffset: number;
  endOffset: number;
}
