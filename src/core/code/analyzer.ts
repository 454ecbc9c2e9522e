// The language-independent half of call detection.
//
// Detection is demand-driven so that it costs time in proportion to the library code in a file, not
// to the file's size: imports are found by a text scan and confirmed on the tree; then, for every
// name bound to something from a known library, its occurrences are found by text search and
// confirmed by descending the tree once to that spot (tree-sitter has no parent pointers, so one
// cursor descent gives us the whole ancestor path at the cost a single `parent` call would have).
// Each occurrence is either a definition (assignment target, parameter, def/class name) or a use; a
// use is climbed to the top of its expression chain (`x.a.b(...).c(...)`, `await`, LCEL `|`) and
// evaluated top-down, reporting each call whose callee resolves to a catalog symbol. Assigning a
// resolved value to a new name queues that name, and so on until nothing new is bound.
import type { Node, Tree } from 'web-tree-sitter';
import {
  type EntityDef,
  type LibraryFamily,
  isRunnableType,
  libraryOf,
  lookupEntity,
  lookupMember,
} from './libraryCatalog';
import { BracketIndex, type Dialect, exprAt, matchClose, parseProperty, parseValue, splitTopLevel } from './argText';
import type { CallArg, DetectedCall, Range } from './types';

/** What an expression evaluates to, as far as detection cares. */
export type Val =
  /**
   * A name reached through an import: module segments + attribute chain. `typeOnly`: bound by a TS
   * type-only import, so it names a type in annotations but no value.
   */
  | { k: 'path'; fam: LibraryFamily; segs: string[]; module: string; typeOnly?: true }
  /** An instance of a catalog type, plus attributes accessed on it so far. */
  | { k: 'inst'; type: string; path: string[] };

interface Def {
  pos: number;
  /** Region mode: a definition whose value the previous run never computed (needs a full run). */
  unknown?: boolean;
  /** Start offset of the owning function/class; -1 for module scope. */
  scope: number;
  valueNode?: Node | null;
  /** Precomputed value (imports, class fields). */
  fixed?: Val | null;
  /** For typed parameters: the annotation, whose class we instantiate. */
  typeNode?: Node;
  /** Position whose scopes are used to evaluate valueNode/typeNode. */
  at: number;
  cache?: Val | null;
  computing?: boolean;
}

export interface ScopeRef {
  id: number;
  kind: 'function' | 'class' | 'module';
}

export interface ScopeSpan {
  start: number;
  end: number;
  kind: 'function' | 'class';
}

export interface DefInfo {
  pos: number;
  valueNode?: Node | null;
  typeNode?: Node;
  /** Offset whose enclosing scopes own the definition. */
  scopeAt: number;
}

const MODULE_SCOPE: ScopeRef = { id: -1, kind: 'module' };

/** A definition as remembered between runs (positions only, value as computed; undefined = never computed). */
export interface DefSnapshot {
  pos: number;
  scope: number;
  at: number;
  value: Val | null | undefined;
}

/**
 * What a full run leaves behind so that the next edit can re-detect only the statements it touched:
 * the name tables (defs with their computed values, the set of tracked names), the positions where a
 * statement changed those tables ("effects"), and the calls found. All offsets refer to `text`.
 */
export interface AnalysisState {
  text: string;
  defs: Map<string, DefSnapshot[]>;
  interesting: Set<string>;
  /** Sorted offsets of definitions and bindings: a region containing one cannot be re-detected alone. */
  effects: number[];
  calls: DetectedCall[];
}

/** A region of whole top-level statements to re-detect, in new-text offsets, and the old end it replaces. */
export interface RegionEdit {
  start: number;
  end: number;
  oldEnd: number;
}

/** Thrown internally when region re-detection would change the name tables. */
class RegionAbort extends Error {}

/**
 * Nested evaluations (expression nodes, through definitions) before giving up with "unknown": the
 * recursion follows the syntax tree and chains of assignments, both as deep as the input makes them.
 */
const MAX_EVAL_DEPTH = 200;

/** Argument lists longer than this are scanned with a BracketIndex of the whole source. */
const INDEX_ARGS_OVER = 2048;

/** Callee text kept whole up to this length; a longer one keeps its start and its end (the method). */
const MAX_CALLEE_TEXT = 200;

export abstract class Analyzer {
  protected readonly root: Node;
  private readonly defs = new Map<string, Def[]>();
  private readonly classified = new Set<string>();
  private readonly uses = new Map<string, Node[]>();
  private readonly interesting = new Set<string>();
  private readonly evaluated = new Set<string>();
  private readonly queue: string[] = [];
  private readonly reports = new Map<string, DetectedCall>();
  private readonly typeCache = new Map<number, string>();
  private readonly endCache = new Map<number, number>();
  private readonly parentCache = new Map<number, Node | null>();
  /** Top of the expression chain of each node climbed through. */
  private readonly topCache = new Map<number, Node>();
  /** Chain tops evaluated, with the `version` at which they were. */
  private readonly evaluatedTops = new Map<number, number>();
  /** Incremented whenever the name tables change (a def or a tracked name is added). */
  private version = 0;
  private evalDepth = 0;
  /** Times evalNode refused to go deeper: a value computed meanwhile is not final and is not cached. */
  private cutOffs = 0;
  private brackets: BracketIndex | undefined;
  private readonly lineStarts: number[];
  private scopeSpans: ScopeSpan[] = [];
  /** Offsets where a definition or binding was recorded (see AnalysisState.effects). */
  private readonly effects: number[] = [];
  /** Set while re-detecting a region: any change to the name tables aborts. */
  private regionMode = false;
  private complete = true;

  constructor(
    protected readonly tree: Tree,
    protected readonly src: string,
  ) {
    this.root = tree.rootNode;
    const ls = [0];
    for (let i = src.indexOf('\n'); i >= 0; i = src.indexOf('\n', i + 1)) ls.push(i + 1);
    this.lineStarts = ls;
  }

  // ---- language hooks --------------------------------------------------------------------------

  /** Registers import bindings (defs) and queues the names bound to library values. */
  protected abstract collectImports(): void;
  /** Function and class spans (top level and class members, or within `tops`), for scoping. */
  protected abstract collectScopes(tops?: readonly Node[]): ScopeSpan[];
  /** Whether a piece of source may contain an import (or `require`): such regions need a full run. */
  protected abstract mayImport(text: string): boolean;
  protected abstract isIdentifierType(type: string): boolean;
  protected abstract isSelfAttributeType(type: string): boolean;
  protected abstract selfWord: string;
  /** Definition info, `'use'`, or `'skip'` for an occurrence node. */
  protected abstract classify(target: Node, key: string): 'use' | 'skip' | { def: DefInfo };
  /** The parent of `node` when it continues the expression chain (attribute/call/await/pipe…), else null. */
  protected abstract climbStep(node: Node): Node | null;
  /** Evaluates one expression node (recursing through `evalNode`). */
  protected abstract evalExpr(node: Node, scopes: ScopeRef[], asCallee: boolean, outerPipe: boolean): Val | null;
  /** The key (`name`, `self.x`) the value of `top` is assigned to, and whether it is a class field. */
  protected abstract bindingTarget(top: Node): { key: string; classField?: string } | undefined;
  protected abstract dialect: Dialect;
  protected abstract normalizeMember(name: string): string;
  /** The class an annotation names (`Optional[X]`, `X | None` → `X`); the annotation itself by default. */
  protected annotatedClass(typeNode: Node): Node {
    return typeNode;
  }

  // ---- driver ----------------------------------------------------------------------------------

  run(): DetectedCall[] {
    this.scopeSpans = this.collectScopes().sort((a, b) => a.start - b.start);
    this.collectImports();
    let guard = 0;
    while (this.queue.length && guard++ < 64) {
      const batch = this.queue.splice(0).filter((k) => !this.evaluated.has(k));
      if (!batch.length) continue;
      this.classifyKeys(batch);
      for (const key of batch) {
        this.evaluated.add(key);
        for (const use of this.uses.get(key) ?? []) this.evaluateUse(use);
      }
    }
    if (this.queue.length) this.complete = false;
    return this.sortedReports();
  }

  private sortedReports(): DetectedCall[] {
    return [...this.reports.values()].sort((a, b) => a.startOffset - b.startOffset || a.endOffset - b.endOffset);
  }

  /** Full run that also returns the state for `runRegion` (undefined when the run was cut short). */
  runWithState(): { calls: DetectedCall[]; state: AnalysisState | undefined } {
    const calls = this.run();
    if (!this.complete) return { calls, state: undefined };
    const defs = new Map<string, DefSnapshot[]>();
    for (const [key, list] of this.defs) {
      defs.set(
        key,
        list.map((d) => ({ pos: d.pos, scope: d.scope, at: d.at, value: d.cache !== undefined ? d.cache : d.fixed })),
      );
    }
    const effects = this.effects.sort((a, b) => a - b);
    return { calls, state: { text: this.src, defs, interesting: new Set(this.interesting), effects, calls } };
  }

  /**
   * Re-detects only `region` (whole top-level statements `tops` of the new tree) given the state of
   * the previous run over the old text. Returns the calls of the region, or undefined when the region
   * (old or new) defines or binds anything, imports, or needs a value the previous run never computed:
   * then only a full run gives the same answer.
   */
  runRegion(prev: AnalysisState, region: RegionEdit, tops: readonly Node[]): DetectedCall[] | undefined {
    const delta = region.end - region.oldEnd;
    // Old side: the replaced statements must not have contributed to the name tables.
    if (hasInRange(prev.effects, region.start, region.oldEnd)) return undefined;
    if (this.mayImport(this.src.slice(region.start, region.end))) return undefined;
    const shift = (x: number) => (x >= region.oldEnd ? x + delta : x);
    for (const [key, list] of prev.defs) {
      this.defs.set(
        key,
        list.map((d) => {
          const def: Def = { pos: shift(d.pos), scope: d.scope >= 0 ? shift(d.scope) : d.scope, at: shift(d.at) };
          if (d.value === undefined) def.unknown = true;
          else def.fixed = d.value;
          return def;
        }),
      );
    }
    for (const k of prev.interesting) {
      this.interesting.add(k);
      this.classified.add(k);
      this.evaluated.add(k);
    }
    this.scopeSpans = this.collectScopes(tops).sort((a, b) => a.start - b.start);
    this.regionMode = true;
    try {
      this.scanOccurrences([...prev.interesting], region.start, region.end);
      for (const list of this.uses.values()) for (const use of list) this.evaluateUse(use);
    } catch (e) {
      if (e instanceof RegionAbort) return undefined;
      throw e;
    }
    return this.sortedReports();
  }

  protected markInteresting(key: string, at?: number): void {
    if (this.interesting.has(key)) return;
    if (this.regionMode) throw new RegionAbort();
    if (at !== undefined) this.effects.push(at);
    this.version++;
    this.interesting.add(key);
    this.queue.push(key);
  }

  protected addDef(key: string, def: Def): void {
    if (this.regionMode) throw new RegionAbort();
    this.effects.push(def.pos, def.at);
    let list = this.defs.get(key);
    if (!list) this.defs.set(key, (list = []));
    if (list.some((d) => d.pos === def.pos && d.scope === def.scope)) return;
    this.version++;
    list.push(def);
    if (list.length > 1 && list[list.length - 2].pos > def.pos) list.sort((a, b) => a.pos - b.pos);
  }

  /** Registers a definition found at an occurrence (or an import). */
  protected define(key: string, info: DefInfo, fixed?: Val | null): void {
    const scopes = this.scopesAt(info.scopeAt);
    const own = key.includes('.') ? (scopes.find((s) => s.kind === 'class') ?? MODULE_SCOPE) : (scopes.find((s) => s.kind === 'function') ?? MODULE_SCOPE);
    const def: Def = { pos: info.pos, scope: own.id, at: info.scopeAt, valueNode: info.valueNode, typeNode: info.typeNode };
    if (fixed !== undefined) def.fixed = fixed;
    this.addDef(key, def);
  }

  // ---- occurrences -----------------------------------------------------------------------------

  private classifyKeys(keys: string[]): void {
    const todo = keys.filter((k) => !this.classified.has(k));
    if (!todo.length) return;
    for (const k of todo) this.classified.add(k);
    this.scanOccurrences(todo, 0, this.src.length);
  }

  /** Classifies the occurrences of `todo` keys that start in [from, to). */
  private scanOccurrences(todo: string[], from: number, to: number): void {
    if (!todo.length) return;
    // Empty names (a MISSING node in broken code) would make the pattern match the empty string.
    const plain = todo.filter((k) => k && !k.includes('.'));
    const plainSet = new Set(plain);
    const self = todo.filter((k) => k.includes('.')).map((k) => k.slice(k.indexOf('.') + 1)).filter((k) => k);
    if (!plain.length && !self.length) return;
    const alts: string[] = [];
    if (plain.length) alts.push(`(?<![\\w$.])(?:${plain.map(escapeRe).join('|')})(?![\\w$])`);
    if (self.length) alts.push(`(?<![\\w$.])${this.selfWord}\\s*\\.\\s*(?:${self.map(escapeRe).join('|')})(?![\\w$])`);
    const re = new RegExp(alts.join('|'), 'g');
    re.lastIndex = from;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.src)) && m.index < to) {
      const text = m[0];
      const isSelf = !plainSet.has(text);
      const key = isSelf ? `${this.selfWord}.${text.slice(text.lastIndexOf('.') + 1).trim()}` : text;
      this.classifyOccurrence(key, m.index, m.index + text.length, isSelf);
    }
  }

  private classifyOccurrence(key: string, start: number, end: number, isSelf: boolean): void {
    const target = this.root.descendantForIndex(start, end);
    if (!target || target.startIndex !== start || this.endOf(target) !== end) return;
    const type = this.typeOf(target);
    if (isSelf ? !this.isSelfAttributeType(type) : !this.isIdentifierType(type)) return;
    const c = this.classify(target, key);
    if (c === 'skip') return;
    if (c === 'use') {
      let list = this.uses.get(key);
      if (!list) this.uses.set(key, (list = []));
      list.push(target);
      return;
    }
    this.define(key, c.def);
  }

  private evaluateUse(target: Node): void {
    const top = this.climb(target);
    // Every use in a chain climbs to the same top: evaluating it again gives the same answer unless a
    // name table changed since (without this a long `a | b | c …` chain costs quadratic time).
    if (this.evaluatedTops.get(top.id) === this.version) return;
    this.evaluatedTops.set(top.id, this.version);
    const scopes = this.scopesAt(target.startIndex);
    let val: Val | null;
    try {
      val = this.evalNode(top, scopes, false, false);
    } catch (e) {
      if (e instanceof RegionAbort) throw e;
      val = null;
    }
    if (!val) return;
    const binding = this.bindingTarget(top);
    if (!binding) return;
    if (binding.classField) {
      const cls = scopes.find((s) => s.kind === 'class');
      if (cls) this.addDef(binding.classField, { pos: cls.id, scope: cls.id, at: cls.id, fixed: val });
      this.markInteresting(binding.classField, top.startIndex);
    }
    this.markInteresting(binding.key, top.startIndex);
  }

  /** The top of the expression chain that starts at `node`; linear overall, however long the chains. */
  protected climb(node: Node): Node {
    const path: number[] = [];
    let cur = node;
    let top: Node;
    for (;;) {
      const known = this.topCache.get(cur.id);
      if (known) {
        top = known;
        break;
      }
      path.push(cur.id);
      const p = this.climbStep(cur);
      if (!p) {
        top = cur;
        break;
      }
      cur = p;
    }
    for (const id of path) this.topCache.set(id, top);
    return top;
  }

  /** Evaluates an expression; past MAX_EVAL_DEPTH nested evaluations the value is unknown (null). */
  protected evalNode(node: Node, scopes: ScopeRef[], asCallee: boolean, outerPipe: boolean): Val | null {
    if (this.evalDepth >= MAX_EVAL_DEPTH) {
      this.cutOffs++;
      return null;
    }
    this.evalDepth++;
    try {
      return this.evalExpr(node, scopes, asCallee, outerPipe);
    } finally {
      this.evalDepth--;
    }
  }

  // ---- cached node accessors (each uncached one is a call into wasm) ---------------------------

  protected typeOf(n: Node): string {
    let t = this.typeCache.get(n.id);
    if (t === undefined) this.typeCache.set(n.id, (t = n.type));
    return t;
  }

  protected endOf(n: Node): number {
    let e = this.endCache.get(n.id);
    if (e === undefined) this.endCache.set(n.id, (e = n.endIndex));
    return e;
  }

  protected parentOf(n: Node): Node | null {
    let p = this.parentCache.get(n.id);
    if (p === undefined) this.parentCache.set(n.id, (p = n.parent));
    return p;
  }

  protected same(a: Node | null | undefined, b: Node | null | undefined): boolean {
    return !!a && !!b && a.id === b.id;
  }

  /** Whether `child` is the node in `parent`'s field `field`. */
  protected isField(parent: Node, field: string, child: Node): boolean {
    return this.same(parent.childForFieldName(field), child);
  }

  /** Enclosing function/class scopes of an offset, innermost first, module last. */
  protected scopesAt(pos: number): ScopeRef[] {
    const out: ScopeRef[] = [];
    const spans = this.scopeSpans;
    for (let i = 0; i < spans.length && spans[i].start <= pos; i++) {
      const s = spans[i];
      if (pos < s.end) out.unshift({ id: s.start, kind: s.kind });
    }
    out.push(MODULE_SCOPE);
    return out;
  }

  // ---- name resolution -------------------------------------------------------------------------

  protected lookup(key: string, pos: number, scopes: ScopeRef[]): Val | null {
    const isInteresting = this.interesting.has(key);
    if (!isInteresting && !this.defs.has(key)) return null;
    if (isInteresting) this.classifyKeys([key]);
    const defs = this.defs.get(key);
    if (!defs?.length) return null;
    for (let s = 0; s < scopes.length; s++) {
      const scope = scopes[s];
      let before: Def | undefined;
      let first: Def | undefined;
      for (const d of defs) {
        if (d.scope !== scope.id) continue;
        if (!first) first = d;
        if (d.pos <= pos) before = d;
        else break;
      }
      if (!first) continue;
      if (before) return this.defValue(before);
      // Only the use's own function can't see a later binding; outer bindings made later in the
      // file are visible by the time a function body runs.
      return s === 0 && scope.kind === 'function' ? null : this.defValue(first);
    }
    return null;
  }

  private defValue(d: Def): Val | null {
    if (d.cache !== undefined) return d.cache;
    if (d.unknown) throw new RegionAbort();
    if (d.fixed !== undefined) return (d.cache = d.fixed);
    if (d.computing) return null;
    d.computing = true;
    const cutOffs = this.cutOffs;
    let v: Val | null = null;
    try {
      const scopes = this.scopesAt(d.at);
      if (d.typeNode) {
        const t = this.evalNode(this.annotatedClass(d.typeNode), scopes, true, false);
        const ent = t && t.k === 'path' ? this.entityOf(t) : undefined;
        v = ent?.returns ? { k: 'inst', type: ent.returns, path: [] } : null;
      } else if (d.valueNode) {
        v = this.evalNode(d.valueNode, scopes, false, false);
      }
    } catch {
      v = null;
    }
    d.computing = false;
    // Cut short by the depth limit (evaluated from deep inside some expression): the value may be
    // incomplete, so it is not what the definition is worth in general.
    if (this.cutOffs !== cutOffs) return v;
    return (d.cache = v);
  }

  protected entityOf(v: Extract<Val, { k: 'path' }>): EntityDef | undefined {
    const ent = lookupEntity(v.fam, v.segs);
    if (ent) return ent;
    if (v.segs.length === 1 && v.fam.jsDefault) return v.fam.exports[v.fam.jsDefault];
    return undefined;
  }

  protected member(v: Val | null, name: string): Val | null {
    if (!v) return null;
    const seg = this.normalizeMember(name);
    if (v.k === 'path') return v.segs.length > 12 || v.typeOnly ? null : { ...v, segs: [...v.segs, seg] };
    if (v.path.length > 6) return null;
    return { k: 'inst', type: v.type, path: [...v.path, seg] };
  }

  /** Reference to an entity that is reported even when not called (`@tool`, `TaskType.X`, metrics). */
  protected checkReference(v: Val | null, node: Node): void {
    if (!v || v.k !== 'path') return;
    const ent = lookupEntity(v.fam, v.segs);
    if (ent?.ref && ent.symbol) this.report(ent.symbol, ent.legacy, 'reference', node, node, v.module);
  }

  /** Applies a call (or `new`) to a callee value, reporting it when it names a catalog symbol. */
  protected applyCall(callee: Val | null, call: Node, calleeNode: Node): Val | null {
    if (!callee) return null;
    let def: EntityDef | undefined;
    let module: string | undefined;
    if (callee.k === 'path') {
      module = callee.module;
      def = this.entityOf(callee);
      if (!def && callee.fam.moduleType && callee.segs.length > 1) {
        def = lookupMember(callee.fam.moduleType, callee.segs.slice(1).join('.'));
      }
    } else {
      if (!callee.path.length) return null;
      def = lookupMember(callee.type, callee.path.join('.'));
    }
    if (!def) return null;
    if (def.symbol) this.report(def.symbol, def.legacy, 'call', call, calleeNode, module);
    return def.returns ? { k: 'inst', type: def.returns, path: [] } : null;
  }

  protected isRunnable(v: Val | null): boolean {
    return !!v && v.k === 'inst' && v.path.length === 0 && isRunnableType(v.type);
  }

  protected report(symbol: string, legacy: boolean | undefined, kind: DetectedCall['kind'], node: Node, calleeNode: Node, module?: string): void {
    const startOffset = node.startIndex;
    const endOffset = this.endOf(node);
    const id = `${startOffset}:${endOffset}:${symbol}`;
    if (this.reports.has(id)) return;
    const calleeEnd = this.endOf(calleeNode);
    const call: DetectedCall = {
      symbol,
      library: libraryOf(symbol),
      kind,
      range: this.rangeAt(startOffset, endOffset),
      calleeRange: this.rangeAt(calleeNode.startIndex, calleeEnd),
      callee: this.calleeText(calleeNode.startIndex, calleeEnd),
      args: kind === 'call' ? this.argsFromText(calleeEnd, endOffset) : [],
      startOffset,
      endOffset,
    };
    if (legacy) call.legacy = true;
    if (module) {
      call.module = module;
      const root = /^[A-Za-z_$][\w$]*/.exec(call.callee)?.[0];
      const modules = new Set<string>();
      for (const d of (root && this.defs.get(root)) || []) if (d.fixed?.k === 'path') modules.add(d.fixed.module);
      if (modules.size > 1) call.importModules = [...modules];
    }
    this.reports.set(id, call);
  }

  /**
   * The callee's text without whitespace. A long one (a chain through a long prompt) keeps its first
   * and last MAX_CALLEE_TEXT / 2 characters around `…`, so that its end (the method name) stays.
   */
  private calleeText(start: number, end: number): string {
    const strip = (a: number, b: number) => this.src.slice(a, b).replace(/\s+/g, '');
    const half = MAX_CALLEE_TEXT / 2;
    if (end - start <= MAX_CALLEE_TEXT) return strip(start, end);
    const whole = end - start <= 4 * MAX_CALLEE_TEXT ? strip(start, end) : undefined;
    if (whole !== undefined && whole.length <= MAX_CALLEE_TEXT) return whole;
    const head = strip(start, start + 2 * half).slice(0, half);
    const tail = strip(end - 2 * half, end).slice(-half);
    return `${head}…${tail}`;
  }

  /** Arguments between the callee's end and the call's end, read from the source text. */
  private argsFromText(calleeEnd: number, callEnd: number): CallArg[] {
    try {
      const src = this.src;
      let open = calleeEnd;
      while (open < callEnd && src[open] !== '(') open++;
      if (open >= callEnd || src[callEnd - 1] !== ')') return [];
      return this.argSegments(open + 1, callEnd - 1);
    } catch {
      return [];
    }
  }

  private argSegments(start: number, end: number): CallArg[] {
    const src = this.src;
    const d = this.dialect;
    // Nested calls would each rescan the calls inside them; with the index each skips them whole.
    if (end - start > INDEX_ARGS_OVER) this.brackets ??= new BracketIndex(src, d);
    const idx = this.brackets;
    const out: CallArg[] = [];
    let index = 0;
    let flattened = false;
    for (const seg of splitTopLevel(src, start, end, d, idx)) {
      const range = this.rangeAt(seg.start, seg.end);
      if (d === 'python') {
        if (src[seg.start] === '*') {
          out.push({ name: null, splat: true, value: exprAt(src, seg.start, seg.end), range });
          continue;
        }
        const kw = /^([A-Za-z_]\w*)\s*=(?!=)\s*/.exec(src.slice(seg.start, Math.min(seg.end, seg.start + 256)));
        if (kw) {
          out.push({ name: kw[1], value: parseValue(src, seg.start + kw[0].length, seg.end, d, 0, idx), range, nameSpan: { offset: 0, length: kw[1].length } });
          continue;
        }
      } else {
        if (src.startsWith('...', seg.start)) {
          out.push({ name: null, splat: true, value: exprAt(src, seg.start, seg.end), range });
          continue;
        }
        if (src[seg.start] === '{' && !flattened) {
          const close = matchClose(src, seg.start, seg.end, d, idx);
          if (close > 0 && isOptionObjectEnd(src, close + 1, seg.end)) {
            // The first object literal is how JS SDKs take keyword arguments: flatten it. Later ones
            // (`create(body, { timeout })` request options) stay positional.
            flattened = true;
            for (const p of splitTopLevel(src, seg.start + 1, close, d, idx)) {
              const prop = parseProperty(src, p.start, p.end, d, 0, idx);
              if (!prop) continue;
              const pr = this.rangeAt(p.start, p.end);
              if (prop.name === null) out.push({ name: null, splat: true, value: prop.value, range: pr, inOptions: true });
              else {
                const arg: CallArg = { name: prop.name, value: prop.value, range: pr, inOptions: true };
                const span = this.nameSpan(p.start, prop.keyStart, prop.keyEnd);
                if (span) arg.nameSpan = span;
                out.push(arg);
              }
            }
            continue;
          }
        }
      }
      out.push({ name: null, index: index++, value: parseValue(src, seg.start, seg.end, d, 0, idx), range });
    }
    return out;
  }

  /** A key's range [keyStart, keyEnd) relative to its argument's start, when both are on one line. */
  private nameSpan(argStart: number, keyStart: number, keyEnd: number): CallArg['nameSpan'] {
    if (keyEnd <= keyStart || keyStart < argStart) return undefined;
    const nl = this.src.indexOf('\n', argStart);
    if (nl >= 0 && nl < keyEnd) return undefined;
    return { offset: keyStart - argStart, length: keyEnd - keyStart };
  }

  protected rangeAt(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  protected positionAt(offset: number): { line: number; character: number } {
    const ls = this.lineStarts;
    let lo = 0;
    let hi = ls.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ls[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - ls[lo] };
  }

  protected text(n: Node): string {
    return this.src.slice(n.startIndex, this.endOf(n));
  }

  /** Matches of a line-anchored regex, for import discovery. */
  protected *lineMatches(re: RegExp): Generator<RegExpExecArray> {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(this.src))) yield m;
  }
}

/** Whether `src[from, end)` after an object literal is empty, `as const` or `satisfies …`. */
function isOptionObjectEnd(src: string, from: number, end: number): boolean {
  while (from < end && /\s/.test(src[from])) from++;
  if (from >= end) return true;
  const rest = src.slice(from, Math.min(end, from + 64));
  return (end - from <= 64 && /^as\s+const\s*$/.test(rest)) || /^satisfies\b/.test(rest);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether the sorted list has a value in [from, to). */
function hasInRange(sorted: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] < to;
}
