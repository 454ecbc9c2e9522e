// Argument lists and literal values read from the source text between offsets the syntax tree gave
// us. Working on the text (rather than on tree nodes) avoids a wasm call per node, which is what
// dominates detection time in web-tree-sitter; anything not a plain literal becomes
// `{kind: 'expr', text}`.
import type { LiteralValue } from './types';
import { exprValue, MAX_EXPR_TEXT, unescapeString } from './literals';

export type Dialect = 'python' | 'js';

export interface Segment {
  start: number;
  end: number;
}

/** Skips a string literal starting at `i` (quote or Python prefix); returns the index after it, or -1. */
function skipString(src: string, i: number, end: number, dialect: Dialect): number {
  let j = i;
  if (dialect === 'python') {
    while (j < end && /[rRbBuUfFtT]/.test(src[j]) && j - i < 3) j++;
  }
  const q = src[j];
  if (q !== '"' && q !== "'" && !(dialect === 'js' && q === '`')) return -1;
  if (dialect === 'python' && src.startsWith(q.repeat(3), j)) {
    const close = src.indexOf(q.repeat(3), j + 3);
    return close < 0 || close + 3 > end ? end : close + 3;
  }
  j++;
  let depth = 0;
  while (j < end) {
    const c = src[j];
    if (c === '\\') {
      j += 2;
      continue;
    }
    if (q === '`') {
      if (c === '$' && src[j + 1] === '{') {
        depth++;
        j += 2;
        continue;
      }
      if (c === '}' && depth > 0) {
        depth--;
        j++;
        continue;
      }
    }
    if (c === q && depth === 0) return j + 1;
    if (c === '\n' && q !== '`' && dialect === 'js') return j;
    j++;
  }
  return end;
}

function isIdentChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

const STRING_PREFIX = /^[rRbBuUfFtT]{1,2}['"]/;

function isSpace(code: number): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || code === 12 || code === 11;
}

/**
 * If a comment, string or (Python) word starts at `i`, the index after it (bounded by `end`);
 * otherwise `i`. The one lexer shared by every scan below, so that they agree on what is code.
 */
function skipToken(src: string, i: number, end: number, dialect: Dialect): number {
  const c = src[i];
  if (dialect === 'python') {
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      return nl < 0 || nl > end ? end : nl;
    }
    if (c === '"' || c === "'") {
      const j = skipString(src, i, end, dialect);
      return j > i ? j : i;
    }
    if (isIdentChar(src.charCodeAt(i))) {
      // Skip the whole word; if it is a string prefix (f"…", rb'…'), skip the string too.
      let j = i + 1;
      while (j < end && isIdentChar(src.charCodeAt(j))) j++;
      if (j - i <= 2 && (src[j] === '"' || src[j] === "'") && !isIdentChar(src.charCodeAt(i - 1)) && STRING_PREFIX.test(src.slice(i, j + 1))) {
        const k = skipString(src, i, end, dialect);
        return k > i ? k : j;
      }
      return j;
    }
    return i;
  }
  if (c === '/' && src[i + 1] === '/') {
    const nl = src.indexOf('\n', i);
    return nl < 0 || nl > end ? end : nl;
  }
  if (c === '/' && src[i + 1] === '*') {
    const close = src.indexOf('*/', i + 2);
    return close < 0 || close + 2 > end ? end : close + 2;
  }
  if (c === '"' || c === "'" || c === '`') {
    const j = skipString(src, i, end, dialect);
    return j > i ? j : i;
  }
  return i;
}

function isOpen(c: string): boolean {
  return c === '(' || c === '[' || c === '{';
}

function isClose(c: string): boolean {
  return c === ')' || c === ']' || c === '}';
}

/**
 * The matching close bracket of every open bracket in a whole source, from one linear scan with the
 * same lexer as the range scans. A range scan that meets an open bracket whose match lies inside its
 * range jumps over the group: both scans are in code at that bracket and lex the group identically,
 * so the answer is the same, but a call nested in the arguments of n others is no longer scanned n
 * times (which made detection quadratic in the nesting depth).
 */
export class BracketIndex {
  private readonly close: Int32Array;

  constructor(src: string, dialect: Dialect) {
    const close = new Int32Array(src.length).fill(-1);
    const stack: number[] = [];
    const end = src.length;
    let i = 0;
    while (i < end) {
      const j = skipToken(src, i, end, dialect);
      if (j > i) {
        i = j;
        continue;
      }
      const c = src[i];
      if (isOpen(c)) stack.push(i);
      else if (isClose(c)) {
        const o = stack.pop();
        if (o !== undefined) close[o] = i;
      }
      i++;
    }
    this.close = close;
  }

  /** The close bracket matching the open one at `open`, or -1. */
  closeOf(open: number): number {
    return open < this.close.length ? this.close[open] : -1;
  }
}

/**
 * The first code character in `src[start, end)` that lies outside every bracket and that `stop`
 * accepts, or -1. Comments and strings are skipped with the shared lexer; with an index, a nested
 * group is jumped whole instead of scanned.
 */
function firstTopLevel(src: string, start: number, end: number, dialect: Dialect, index: BracketIndex | undefined, stop: (c: string) => boolean): number {
  let depth = 0;
  let i = start;
  while (i < end) {
    const j = skipToken(src, i, end, dialect);
    if (j > i) {
      i = j;
      continue;
    }
    const c = src[i];
    if (isOpen(c)) {
      const k = depth >= 0 && index ? index.closeOf(i) : -1;
      if (k > i && k < end) {
        i = k + 1;
        continue;
      }
      depth++;
    } else if (isClose(c)) depth--;
    else if (depth === 0 && stop(c)) return i;
    i++;
  }
  return -1;
}

const isComma = (c: string): boolean => c === ',';

/** Splits `src[start, end)` at top-level commas, skipping comments and strings; empty parts are dropped. */
export function splitTopLevel(src: string, start: number, end: number, dialect: Dialect, index?: BracketIndex): Segment[] {
  const out: Segment[] = [];
  let segStart = start;
  const push = (s: number, e: number) => {
    while (s < e && isSpace(src.charCodeAt(s))) s++;
    while (e > s && isSpace(src.charCodeAt(e - 1))) e--;
    // Drop leading comments.
    for (;;) {
      if (dialect === 'python' && src[s] === '#') {
        const nl = src.indexOf('\n', s);
        if (nl < 0 || nl >= e) return;
        s = nl + 1;
      } else if (dialect === 'js' && src.startsWith('//', s)) {
        const nl = src.indexOf('\n', s);
        if (nl < 0 || nl >= e) return;
        s = nl + 1;
      } else if (dialect === 'js' && src.startsWith('/*', s)) {
        const close = src.indexOf('*/', s + 2);
        if (close < 0 || close + 2 > e) return;
        s = close + 2;
      } else break;
      while (s < e && isSpace(src.charCodeAt(s))) s++;
    }
    if (e > s) out.push({ start: s, end: e });
  };
  for (let k: number; (k = firstTopLevel(src, segStart, end, dialect, index, isComma)) >= 0; segStart = k + 1) push(segStart, k);
  push(segStart, end);
  return out;
}

/**
 * Nesting levels of brackets a literal is read through (0…MAX_LITERAL_DEPTH); a deeper bracket
 * becomes an expression placeholder. The depth is carried through every nested parser, so the work per value is a bounded
 * number of linear scans and the recursion stays shallow whatever the input.
 */
export const MAX_LITERAL_DEPTH = 6;

class LiteralParser {
  i: number;
  constructor(
    private readonly src: string,
    start: number,
    private readonly end: number,
    private readonly dialect: Dialect,
    private readonly depth: number,
    private readonly index: BracketIndex | undefined,
  ) {
    this.i = start;
  }

  private ws(): void {
    for (;;) {
      while (this.i < this.end && isSpace(this.src.charCodeAt(this.i))) this.i++;
      const c = this.src[this.i];
      if (this.i >= this.end) return;
      if (this.dialect === 'python' && c === '#') {
        const nl = this.src.indexOf('\n', this.i);
        this.i = nl < 0 || nl > this.end ? this.end : nl;
      } else if (this.dialect === 'js' && c === '/' && this.src[this.i + 1] === '/') {
        const nl = this.src.indexOf('\n', this.i);
        this.i = nl < 0 || nl > this.end ? this.end : nl;
      } else if (this.dialect === 'js' && c === '/' && this.src[this.i + 1] === '*') {
        const close = this.src.indexOf('*/', this.i + 2);
        this.i = close < 0 ? this.end : close + 2;
      } else return;
    }
  }

  /** Parses a full expression; returns undefined if it is not a literal. */
  parseAll(): LiteralValue | undefined {
    const v = this.expr(this.depth);
    this.ws();
    if (this.dialect === 'js') {
      const rest = this.src.slice(this.i, this.end).trim();
      if (rest === 'as const' || /^as\s+const$/.test(rest)) this.i = this.end;
    }
    return v !== undefined && this.i >= this.end ? v : undefined;
  }

  private expr(depth: number): LiteralValue | undefined {
    let left = this.term(depth);
    for (;;) {
      this.ws();
      const c = this.src[this.i];
      if ((c === '+' || c === '-') && typeof left === 'number') {
        this.i++;
        const r = this.term(depth);
        if (typeof r !== 'number') return undefined;
        left = c === '+' ? left + r : left - r;
        continue;
      }
      if (c === '+' && typeof left === 'string' && this.dialect === 'python') {
        this.i++;
        const r = this.term(depth);
        if (typeof r !== 'string') return undefined;
        left += r;
        continue;
      }
      return left;
    }
  }

  private term(depth: number): LiteralValue | undefined {
    let left = this.unary(depth);
    for (;;) {
      this.ws();
      const s = this.src.slice(this.i, this.i + 2);
      let op: string | undefined;
      if (s === '**' || s === '//') op = s;
      else if (s[0] === '*' || s[0] === '/' || s[0] === '%') op = s[0];
      if (!op || typeof left !== 'number') return left;
      this.i += op.length;
      const r = this.unary(depth);
      if (typeof r !== 'number') return undefined;
      if (op === '**') left = left ** r;
      else if (op === '*') left = left * r;
      else if (op === '/') left = r === 0 ? NaN : left / r;
      else if (op === '//') left = r === 0 ? NaN : Math.floor(left / r);
      else left = left % r;
      if (!Number.isFinite(left)) return undefined;
    }
  }

  private unary(depth: number): LiteralValue | undefined {
    // A loop, not recursion: `- - - … 1` must not grow the stack.
    let negate = false;
    let signs = 0;
    for (;;) {
      this.ws();
      const c = this.src[this.i];
      if (c !== '-' && c !== '+') break;
      if (++signs > 16) return undefined;
      if (c === '-') negate = !negate;
      this.i++;
    }
    const v = this.atom(depth);
    if (!signs) return v;
    return typeof v === 'number' ? (negate ? -v : v) : undefined;
  }

  private atom(depth: number): LiteralValue | undefined {
    this.ws();
    const src = this.src;
    const c = src[this.i];
    if (c === undefined || this.i >= this.end) return undefined;
    if (depth > MAX_LITERAL_DEPTH && (c === '[' || c === '(' || c === '{')) return undefined;
    if (/[0-9.]/.test(c)) {
      const m = /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)/.exec(src.slice(this.i, Math.min(this.end, this.i + 64)));
      if (!m) return undefined;
      this.i += m[0].length;
      if (/^[jJnlL]/.test(src[this.i] ?? '')) return undefined;
      const v = Number(m[0].replace(/_/g, ''));
      return Number.isFinite(v) ? v : undefined;
    }
    if (c === '[' || (c === '(' && this.dialect === 'python')) return this.sequence(c === '[' ? ']' : ')', depth);
    if (c === '(') {
      this.i++;
      const v = this.expr(depth + 1);
      this.ws();
      if (src[this.i] !== ')') return undefined;
      this.i++;
      return v;
    }
    if (c === '{') return this.mapping(depth);
    const strEnd = skipString(src, this.i, this.end, this.dialect);
    if (strEnd > this.i) {
      const s = this.stringValue(this.i, strEnd);
      this.i = strEnd;
      if (s === undefined) return undefined;
      // Implicit concatenation of adjacent Python string literals.
      if (this.dialect === 'python') {
        for (;;) {
          const save = this.i;
          this.ws();
          const e2 = this.i < this.end ? skipString(src, this.i, this.end, this.dialect) : -1;
          if (e2 <= this.i) {
            this.i = save;
            break;
          }
          const s2 = this.stringValue(this.i, e2);
          if (s2 === undefined) return undefined;
          this.i = e2;
          return this.concatRest(s + s2);
        }
      }
      return s;
    }
    const word = /^[A-Za-z_$][\w$]*/.exec(src.slice(this.i, Math.min(this.end, this.i + 16)))?.[0];
    if (!word) return undefined;
    const consts: Record<string, LiteralValue> =
      this.dialect === 'python' ? { True: true, False: false, None: null } : { true: true, false: false, null: null };
    if (!(word in consts)) return undefined;
    this.i += word.length;
    return consts[word];
  }

  private concatRest(acc: string): LiteralValue | undefined {
    for (;;) {
      const save = this.i;
      this.ws();
      const e2 = this.i < this.end ? skipString(this.src, this.i, this.end, this.dialect) : -1;
      if (e2 <= this.i) {
        this.i = save;
        return acc;
      }
      const s2 = this.stringValue(this.i, e2);
      if (s2 === undefined) return undefined;
      acc += s2;
      this.i = e2;
    }
  }

  private stringValue(start: number, end: number): string | undefined {
    const src = this.src;
    let j = start;
    let prefix = '';
    while (/[A-Za-z]/.test(src[j])) prefix += src[j++].toLowerCase();
    const q = src[j];
    const triple = this.dialect === 'python' && src.startsWith(q.repeat(3), j);
    const qlen = triple ? 3 : 1;
    if (end - qlen < j + qlen) return undefined;
    const raw = src.slice(j + qlen, end - qlen);
    if (q === '`') return raw.includes('${') ? undefined : unescapeString(raw);
    if (prefix.includes('f') || prefix.includes('t')) {
      if (/\{(?!\{)/.test(raw.replace(/\{\{/g, ''))) return undefined;
      return raw.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    }
    return prefix.includes('r') ? raw : unescapeString(raw);
  }

  private sequence(close: string, depth: number): LiteralValue | undefined {
    const open = this.i;
    const closeAt = matchClose(this.src, open, this.end, this.dialect, this.index);
    if (closeAt < 0 || this.src[closeAt] !== close) return undefined;
    const items: LiteralValue[] = [];
    const segs = splitTopLevel(this.src, open + 1, closeAt, this.dialect, this.index);
    if (segs.length > 200) return undefined;
    for (const s of segs) {
      if (this.src.startsWith('*', s.start) || this.src.startsWith('...', s.start)) return undefined;
      items.push(parseValue(this.src, s.start, s.end, this.dialect, depth + 1, this.index));
    }
    // `(x)` in Python is a parenthesised value, `(x,)` a tuple.
    if (close === ')' && segs.length === 1 && !hasTopLevelComma(this.src, segs[0].end, closeAt)) {
      this.i = closeAt + 1;
      const v = items[0];
      return v;
    }
    this.i = closeAt + 1;
    return items;
  }

  private mapping(depth: number): LiteralValue | undefined {
    const open = this.i;
    const closeAt = matchClose(this.src, open, this.end, this.dialect, this.index);
    if (closeAt < 0 || this.src[closeAt] !== '}') return undefined;
    const out: Record<string, LiteralValue> = {};
    const segs = splitTopLevel(this.src, open + 1, closeAt, this.dialect, this.index);
    if (segs.length > 200) return undefined;
    for (const s of segs) {
      const prop = parseProperty(this.src, s.start, s.end, this.dialect, depth + 1, this.index);
      if (!prop || prop.name === null) return undefined;
      out[prop.name] = prop.value;
    }
    this.i = closeAt + 1;
    return out;
  }
}

/** Index of the bracket closing the one at `open`, or -1. */
export function matchClose(src: string, open: number, end: number, dialect: Dialect, index?: BracketIndex): number {
  if (index) {
    const k = index.closeOf(open);
    if (k > open && k < end) return k;
  }
  let depth = 0;
  let i = open;
  while (i < end) {
    const j = skipToken(src, i, end, dialect);
    if (j > i) {
      i = j;
      continue;
    }
    const c = src[i];
    if (isOpen(c)) {
      const k = depth > 0 && index ? index.closeOf(i) : -1;
      if (k > i && k < end) {
        i = k + 1;
        continue;
      }
      depth++;
    } else if (isClose(c)) {
      depth--;
      if (depth === 0) return i;
    }
    i++;
  }
  return -1;
}

/** Whether `src[start, end)` (whitespace and `#` comments after a tuple's only item) holds a comma. */
function hasTopLevelComma(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = src[i];
    if (c === ',') return true;
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      if (nl < 0 || nl >= end) return false;
      i = nl;
    }
  }
  return false;
}

/** The placeholder for `src[start, end)` trimmed, reading no more of a huge span than it keeps. */
export function exprAt(src: string, start: number, end: number): LiteralValue {
  while (start < end && isSpace(src.charCodeAt(start))) start++;
  while (end > start && isSpace(src.charCodeAt(end - 1))) end--;
  return exprValue(src.slice(start, Math.min(end, start + MAX_EXPR_TEXT + 1)));
}

/** A literal value, or an expression placeholder carrying the source text. */
export function parseValue(src: string, start: number, end: number, dialect: Dialect, depth = 0, index?: BracketIndex): LiteralValue {
  const p = new LiteralParser(src, start, end, dialect, depth, index);
  let v: LiteralValue | undefined;
  try {
    v = p.parseAll();
  } catch {
    v = undefined;
  }
  return v === undefined ? exprAt(src, start, end) : v;
}

/** A parsed `key: value`; `keyStart`/`keyEnd` delimit the key's name (inside the quotes of a quoted key). */
export interface ParsedProperty {
  name: string | null;
  value: LiteralValue;
  valueStart: number;
  keyStart: number;
  keyEnd: number;
}

/** `key: value` (dict entry / object property); JS shorthand and methods give expr values. */
export function parseProperty(src: string, start: number, end: number, dialect: Dialect, depth = 0, index?: BracketIndex): ParsedProperty | undefined {
  if (src.startsWith('**', start) || src.startsWith('...', start)) return { name: null, value: exprAt(src, start, end), valueStart: start, keyStart: start, keyEnd: start };
  const colon = findTopLevelColon(src, start, end, dialect, index);
  if (colon < 0) {
    if (dialect !== 'js') return undefined;
    const ident = /^[A-Za-z_$][\w$]*/.exec(src.slice(start, Math.min(end, start + 256)))?.[0];
    if (ident && start + ident.length === end) return { name: ident, value: exprAt(src, start, end), valueStart: start, keyStart: start, keyEnd: end };
    const m = /^(?:async\s+)?\*?\s*([A-Za-z_$][\w$]*)\s*\(/.exec(src.slice(start, Math.min(end, start + 512)));
    if (m) {
      const keyEnd = start + m[0].slice(0, -1).trimEnd().length;
      return { name: m[1], value: exprAt(src, start, end), valueStart: start, keyStart: keyEnd - m[1].length, keyEnd };
    }
    return undefined;
  }
  let ks = start;
  let ke = colon;
  while (ks < ke && isSpace(src.charCodeAt(ks))) ks++;
  while (ke > ks && isSpace(src.charCodeAt(ke - 1))) ke--;
  const keyText = src.slice(ks, ke);
  let name: string | null = null;
  if (dialect === 'js' && /^[A-Za-z_$][\w$]*$/.test(keyText)) name = keyText;
  else {
    const k = parseValue(src, start, colon, dialect, depth, index);
    if (typeof k === 'string' || typeof k === 'number') name = String(k);
  }
  // A quoted key's name is what lies between its quotes.
  const q = src[ks];
  if (ke - ks >= 2 && (q === '"' || q === "'" || q === '`') && src[ke - 1] === q) {
    ks++;
    ke--;
  }
  let vs = colon + 1;
  while (vs < end && isSpace(src.charCodeAt(vs))) vs++;
  return { name, value: parseValue(src, vs, end, dialect, depth, index), valueStart: vs, keyStart: ks, keyEnd: ke };
}

function findTopLevelColon(src: string, start: number, end: number, dialect: Dialect, index?: BracketIndex): number {
  // A `?` first in JS is a conditional expression, not a property.
  const k = firstTopLevel(src, start, end, dialect, index, (c) => c === ':' || (c === '?' && dialect === 'js'));
  return k >= 0 && src[k] === ':' ? k : -1;
}
