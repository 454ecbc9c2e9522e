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
    const a = this.named.get(name) ?? (position !== undefined ? this.positional[position] : undefined);
    return a?.value;
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

export function snake(name: string): string {
  return /[A-Z]/.test(name) && /^[a-z]/.test(name) ? name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase()) : name;
}

export function formatValue(v: LiteralValue): string {
  if (isExpr(v)) return v.text;
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
      const last = call.args[call.args.length - 1];
      if (last) {
        if (dialect === 'js' && last.name === null && !last.splat) return undefined; // no option object to extend
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
      const start = a.range.start;
      return {
        description: `Rename ${a.name} to ${to}`,
        edit: { range: { start: pos(start), end: { line: start.line, character: start.character + a.name.length } }, newText: to },
      };
    },
    rangeOf(name) {
      return args.arg(name)?.range;
    },
  };
  return ctx;
}

