// The rule registry and the helpers rules use: a normalised view of the arguments and quick-fix
// builders. Rule modules (rules/*.ts) call `defineRules` when imported.
import { isExpr } from '../code/literals';
import type { CallArg, DetectedCall, LiteralValue, Position, Range } from '../code/types';
import type { Pitfall } from './types';

/** Normalised view of a call's arguments: camelCase JS names are looked up in snake_case too. */
export class ArgView {
  private readonly named = new Map<string, CallArg>();
  readonly positional: CallArg[] = [];

  constructor(readonly call: DetectedCall) {
    for (const a of call.args) {
      if (a.name) {
        this.named.set(a.name, a);
        this.named.set(snake(a.name), a);
      } else if (!a.splat) this.positional.push(a);
    }
  }

  /** Whether the call passes `**kwargs`/`...spread` (an absent name may then still be set). */
  get hasSplat(): boolean {
    return this.call.args.some((a) => a.splat);
  }

  arg(name: string): CallArg | undefined {
    return this.named.get(name);
  }

  has(name: string): boolean {
    return this.named.has(name);
  }

  value(name: string, position?: number): LiteralValue | undefined {
    return this.find(name, position)?.value;
  }

  private find(name: string, position?: number): CallArg | undefined {
    return this.named.get(name) ?? (position !== undefined ? this.positional[position] : undefined);
  }

  /** Whether the argument is passed, by name or at `position`, whatever its value. */
  given(name: string, position?: number): boolean {
    return this.find(name, position) !== undefined;
  }

  /** Source text of the first `**kwargs` / `...spread`, shortened for messages. */
  get splatText(): string | undefined {
    const a = this.call.args.find((x) => x.splat);
    return a ? shortExpr(formatValue(a.value)) : undefined;
  }

  /**
   * Source text of an argument that is passed but not as a literal of `kind` (a variable, call or
   * expression), shortened for messages; undefined when absent or such a literal. Its value is unknown
   * here: a rule must say it is "set from" this text, not fall back to the default or compute with it.
   */
  setFrom(name: string, kind: 'number' | 'string' | 'boolean' = 'number', position?: number): string | undefined {
    const a = this.find(name, position);
    return a && typeof a.value !== kind ? shortExpr(formatValue(a.value)) : undefined;
  }

  /** A numeric setting: the literal, the library default `def` when absent, or the expression it is set from. */
  numSetting(name: string, def: number, position?: number): NumSetting {
    const a = this.find(name, position);
    if (!a) return { name, value: def, isDefault: true, splat: this.splatText };
    return typeof a.value === 'number' ? { name, value: a.value, isDefault: false } : { name, expr: shortExpr(formatValue(a.value)), isDefault: false };
  }

  num(name: string, position?: number): number | undefined {
    const v = this.value(name, position);
    return typeof v === 'number' ? v : undefined;
  }

  str(name: string, position?: number): string | undefined {
    const v = this.value(name, position);
    return typeof v === 'string' ? v : undefined;
  }

  bool(name: string): boolean | undefined {
    const v = this.value(name);
    return typeof v === 'boolean' ? v : undefined;
  }

  /** A literal object/dict argument. */
  obj(name: string, position?: number): Record<string, LiteralValue> | undefined {
    const v = this.value(name, position);
    return v && typeof v === 'object' && !Array.isArray(v) && !isExpr(v) ? (v as Record<string, LiteralValue>) : undefined;
  }

  list(name: string, position?: number): LiteralValue[] | undefined {
    const v = this.value(name, position);
    return Array.isArray(v) ? v : undefined;
  }

  /** Textual form of a value for messages. */
  show(name: string, position?: number): string | undefined {
    const v = this.value(name, position);
    return v === undefined ? undefined : formatValue(v);
  }
}

/** A numeric argument as the call sets it (see ArgView.numSetting). */
export interface NumSetting {
  name: string;
  /** The literal, or the default when absent; undefined when set from an expression. */
  value?: number;
  /** Source text when given as a non-literal: the value is unknown here. */
  expr?: string;
  /** Absent, so `value` is the library default. */
  isDefault: boolean;
  /** Absent but a `**kwargs`/`...spread` is passed that may set it (the default is then a guess). */
  splat?: string;
}

/** The number in effect when the source pins it down (a literal, or the default with no splat that could override it). */
export function known(s: NumSetting): number | undefined {
  return s.splat ? undefined : s.value;
}

/** "r=16", "r=8 (default)", "r=8 (default unless **cfg sets it)" or "r is set from lora_r". */
export function settingText(s: NumSetting): string {
  if (s.value === undefined) return `${s.name} is set from ${s.expr}`;
  return `${s.name}=${s.value}${s.isDefault ? (s.splat ? ` (default unless ${s.splat} sets it)` : ' (default)') : ''}`;
}

/** The setting as a term of a formula: the known number, else the expression (parenthesised unless a plain name) or the parameter name. */
export function term(s: NumSetting): string {
  const v = known(s);
  return v !== undefined ? String(v) : operand(s.expr ?? s.name);
}

export function operand(text: string): string {
  return /^[\w.]+$/.test(text) ? text : `(${text})`;
}

/** Expression text for a one-line message: whitespace collapsed, long text shortened. */
export function shortExpr(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 60 ? t.slice(0, 59) + '…' : t;
}

export function snake(name: string): string {
  return /[A-Z]/.test(name) && /^[a-z]/.test(name) ? name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()) : name;
}

export function formatValue(v: LiteralValue): string {
  if (isExpr(v)) return shortExpr(v.text);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'None';
  const s = JSON.stringify(v);
  return s.length > 80 ? s.slice(0, 77) + '…' : s;
}

export function percent(x: number): string {
  const p = x * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(p < 1 ? 2 : 1)} %`;
}

export function humanNumber(n: number): string {
  if (Math.abs(n) >= 1e9) return `${+(n / 1e9).toFixed(2)} B`;
  if (Math.abs(n) >= 1e6) return `${+(n / 1e6).toFixed(2)} M`;
  if (Math.abs(n) >= 1e4) return n.toLocaleString('en-US');
  return String(n);
}

/** Context handed to the per-library rules. */
export interface RuleContext {
  call: DetectedCall;
  args: ArgView;
  dialect: 'python' | 'js';
  interpreted: string[];
  pitfalls: Pitfall[];
  /** A quick fix that adds `name=value` (or `name: value`) after the last argument. */
  insertArg(name: string, valueText: string): Pitfall['fix'] | undefined;
  /** A quick fix that renames a keyword argument. */
  renameArg(from: string, to: string): Pitfall['fix'] | undefined;
  rangeOf(name: string): Range | undefined;
}

export type Rule = (ctx: RuleContext) => void;

export const RULES = new Map<string, Rule[]>();

/** Registers rules for one or more symbols (used by the rule modules). */
export function defineRules(symbols: string | string[], rule: Rule): void {
  for (const s of Array.isArray(symbols) ? symbols : [symbols]) {
    const list = RULES.get(s) ?? [];
    list.push(rule);
    RULES.set(s, list);
  }
}

function pos(p: Position): Position {
  return { line: p.line, character: p.character };
}

export function makeContext(call: DetectedCall, dialect: 'python' | 'js'): RuleContext {
  const args = new ArgView(call);
  const ctx: RuleContext = {
    call,
    args,
    dialect,
    interpreted: [],
    pitfalls: [],
    insertArg(name, valueText) {
      if (call.kind !== 'call') return undefined;
      const text = dialect === 'python' ? `${name}=${valueText}` : `${name}: ${valueText}`;
      // In JS the named arguments are the properties of the first object argument; a later object
      // (the SDK's request options such as { timeout }) is not the request body, so it is never extended.
      const last = dialect === 'js' ? [...call.args].reverse().find((a) => a.inOptions) : call.args[call.args.length - 1];
      if (last) {
        return { description: `Add ${text}`, edit: { range: { start: pos(last.range.end), end: pos(last.range.end) }, newText: `, ${text}` } };
      }
      if (dialect === 'js') return undefined;
      const end = call.range.end;
      if (end.character === 0) return undefined;
      const at = { line: end.line, character: end.character - 1 };
      return { description: `Add ${text}`, edit: { range: { start: at, end: at }, newText: text } };
    },
    renameArg(from, to) {
      const a = args.arg(from);
      if (!a || !a.name) return undefined;
      // The key's own characters: a quoted JS key ("max_tokens") keeps its quotes.
      const span = a.nameSpan ?? { offset: 0, length: a.name.length };
      const at = a.range.start.character + span.offset;
      return {
        description: `Rename ${a.name} to ${to}`,
        edit: { range: { start: { line: a.range.start.line, character: at }, end: { line: a.range.start.line, character: at + span.length } }, newText: to },
      };
    },
    rangeOf(name) {
      return args.arg(name)?.range;
    },
  };
  return ctx;
}

