// Shared helpers for argument values: the `{kind: 'expr', text}` placeholder and string unescaping.
// (Values themselves are parsed from source text in argText.ts.)
import type { ExprValue, LiteralValue } from './types';

export const MAX_EXPR_TEXT = 200;

export function exprValue(text: string): ExprValue {
  return { kind: 'expr', text: text.length > MAX_EXPR_TEXT ? text.slice(0, MAX_EXPR_TEXT) + '…' : text };
}

export function isExpr(v: LiteralValue | undefined): v is ExprValue {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && (v as ExprValue).kind === 'expr' && typeof (v as ExprValue).text === 'string';
}

/** Decodes backslash escapes shared by Python and JS string literals. */
export function unescapeString(raw: string): string {
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|U[0-9a-fA-F]{8}|\r?\n|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'r':
        return '\r';
      case '0':
        return e.length === 1 ? '\0' : e;
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'v':
        return '\v';
      case '\n':
      case '\r':
        return '';
      case 'x':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      case 'u':
        return String.fromCodePoint(parseInt(e.startsWith('u{') ? e.slice(2, -1) : e.slice(1), 16));
      case 'U':
        return String.fromCodePoint(Math.min(parseInt(e.slice(1), 16), 0x10ffff));
      default:
        return e;
    }
  });
}
