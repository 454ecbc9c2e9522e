// JavaScript / TypeScript / TSX half of call detection: ES imports, require(), declarators, class
// fields and `this.x`, `new`, and `.pipe()` chains.
import type { Node } from 'web-tree-sitter';
import { Analyzer, type ScopeRef, type ScopeSpan, type Val } from './analyzer';
import { familyForJsModule, type LibraryFamily, snakeCase } from './libraryCatalog';
import { unescapeString } from './literals';

// A file may start with a byte order mark, which is not whitespace to a regex.
const IMPORT_RE = /^\uFEFF?[ \t]*import(?=[\s{*'"])/gm;
const REQUIRE_RE = /\brequire\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;

const TRANSPARENT = new Set(['await_expression', 'parenthesized_expression', 'non_null_expression', 'as_expression', 'satisfies_expression']);

/** Path segments of a module's export; `default` is the family's default export (or the module). */
function exportPath(fam: LibraryFamily, module: string, exported: string): string[] {
  if (exported === 'default') return fam.jsDefault ? [module, fam.jsDefault] : [module];
  return [module, snakeCase(exported)];
}

export class JsAnalyzer extends Analyzer {
  protected selfWord = 'this';

  protected dialect = 'js' as const;

  protected collectImports(): void {
    for (const m of this.lineMatches(IMPORT_RE)) {
      const kwStart = m.index + m[0].length - 'import'.length;
      const kw = this.root.descendantForIndex(kwStart, kwStart + 6);
      const stmt = kw && this.parentOf(kw);
      if (!stmt || stmt.startIndex !== kwStart || this.typeOf(stmt) !== 'import_statement') continue;
      this.esImport(stmt);
    }
    for (const m of this.lineMatches(REQUIRE_RE)) this.requireCall(m.index, m.index + m[0].length, m[2]);
  }

  protected mayImport(text: string): boolean {
    return /(^|[^\w$.])(import|require)(?![\w$])/.test(text);
  }

  protected collectScopes(tops?: readonly Node[]): ScopeSpan[] {
    const out: ScopeSpan[] = [];
    const fn = (n: Node) => out.push({ start: n.startIndex, end: this.endOf(n), kind: 'function' });
    const visit = (n: Node, depth: number) => {
      const t = this.typeOf(n);
      switch (t) {
        case 'export_statement': {
          const d = n.childForFieldName('declaration') ?? n.childForFieldName('value');
          if (d) visit(d, depth);
          return;
        }
        case 'function_declaration':
        case 'generator_function_declaration':
        case 'function_expression':
        case 'arrow_function':
        case 'method_definition':
          fn(n);
          return;
        case 'lexical_declaration':
        case 'variable_declaration':
          for (const d of n.namedChildren) {
            const v = d?.childForFieldName('value');
            if (v && /^(arrow_function|function_expression|function)$/.test(this.typeOf(v))) fn(v);
          }
          return;
        case 'class_declaration':
        case 'abstract_class_declaration':
        case 'class': {
          out.push({ start: n.startIndex, end: this.endOf(n), kind: 'class' });
          const body = n.childForFieldName('body');
          if (body && depth < 2) {
            for (const c of body.namedChildren) {
              if (!c) continue;
              const ct = this.typeOf(c);
              if (ct === 'method_definition') fn(c);
              else if (ct === 'public_field_definition' || ct === 'field_definition') {
                const v = c.childForFieldName('value');
                if (v && /^(arrow_function|function_expression)$/.test(this.typeOf(v))) fn(v);
              }
            }
          }
          return;
        }
      }
    };
    for (const c of tops ?? this.root.namedChildren) if (c) visit(c, 0);
    return out;
  }

  private bind(key: string, val: Val | null, at: Node, pos: number): void {
    this.define(key, { pos, scopeAt: at.startIndex }, val);
    if (val) this.markInteresting(key, at.startIndex);
  }

  private esImport(stmt: Node): void {
    const source = stmt.childForFieldName('source');
    if (!source) return;
    // `import type …` / `import { type X }` bind names usable in type annotations only.
    const allTypes = /^import\s+type\s+(?![\s,]|from\b)/.test(this.src.slice(stmt.startIndex, stmt.startIndex + 40));
    const module = unescapeString(this.text(source).slice(1, -1));
    const fam = familyForJsModule(module);
    const path = (segs: string[], typeOnly: boolean): Val | null => {
      if (!fam) return null;
      return typeOnly ? { k: 'path', fam, segs, module, typeOnly: true } : { k: 'path', fam, segs, module };
    };
    const pos = this.endOf(stmt);
    const clause = stmt.namedChildren.find((c) => c?.type === 'import_clause');
    if (!clause) return;
    for (const c of clause.namedChildren) {
      if (!c) continue;
      if (c.type === 'identifier') {
        this.bind(this.text(c), fam ? path(exportPath(fam, module, 'default'), allTypes) : null, stmt, pos);
      } else if (c.type === 'namespace_import') {
        const id = c.namedChildren.find((x) => x?.type === 'identifier');
        if (id) this.bind(this.text(id), allTypes ? null : path([module], false), stmt, pos);
      } else if (c.type === 'named_imports') {
        for (const spec of c.namedChildren) {
          if (!spec || spec.type !== 'import_specifier') continue;
          const name = spec.childForFieldName('name');
          const alias = spec.childForFieldName('alias');
          if (!name) continue;
          const key = this.text(alias ?? name);
          const exported = this.text(name);
          this.bind(key, fam ? path(exportPath(fam, module, exported), allTypes || /^type\s/.test(this.text(spec))) : null, stmt, pos);
        }
      }
    }
  }

  private requireCall(start: number, end: number, module: string): void {
    const fam = familyForJsModule(module);
    if (!fam) return;
    const call = this.root.descendantForIndex(start, end);
    if (!call || this.typeOf(call) !== 'call_expression' || call.startIndex !== start || this.endOf(call) !== end) return;
    const top = this.climb(call);
    const decl = this.parentOf(top);
    if (!decl || this.typeOf(decl) !== 'variable_declarator' || !this.isField(decl, 'value', top)) return;
    const name = decl.childForFieldName('name');
    if (!name) return;
    const pos = this.endOf(decl);
    if (name.type === 'identifier') {
      this.define(this.text(name), { pos, valueNode: top, scopeAt: start });
      this.markInteresting(this.text(name), start);
      return;
    }
    if (name.type !== 'object_pattern' || !this.same(top, call)) return;
    for (const p of name.namedChildren) {
      if (!p) continue;
      if (p.type === 'shorthand_property_identifier_pattern') {
        const key = this.text(p);
        this.bind(key, { k: 'path', fam, segs: exportPath(fam, module, key), module }, call, pos);
      } else if (p.type === 'pair_pattern') {
        const k = p.childForFieldName('key');
        const v = p.childForFieldName('value');
        if (k && v && v.type === 'identifier') this.bind(this.text(v), { k: 'path', fam, segs: exportPath(fam, module, this.text(k)), module }, call, pos);
      }
    }
  }

  protected isIdentifierType(type: string): boolean {
    return type === 'identifier' || type === 'type_identifier';
  }

  protected isSelfAttributeType(type: string): boolean {
    return type === 'member_expression';
  }

  protected normalizeMember(name: string): string {
    return snakeCase(name);
  }

  protected classify(t: Node, key: string): ReturnType<Analyzer['classify']> {
    const p = this.parentOf(t);
    if (!p) return 'skip';
    const pt = this.typeOf(p);
    const at = t.startIndex;
    const nullDef = (pos: number, scopeAt = at) => ({ def: { pos, valueNode: null, scopeAt } });
    if (this.typeOf(t) === 'type_identifier') {
      if ((pt === 'class_declaration' || pt === 'abstract_class_declaration') && this.isField(p, 'name', t)) return nullDef(p.startIndex, p.startIndex - 1);
      if (pt === 'type_annotation') {
        // `function f(client: OpenAI)`: the parameter becomes worth tracking.
        const param = this.parentOf(p);
        const name = param && /^(required|optional)_parameter$/.test(this.typeOf(param)) ? param.childForFieldName('pattern') : null;
        if (param && name && name.type === 'identifier') {
          this.markInteresting(this.text(name), t.startIndex);
          // `constructor(private readonly openai: OpenAI)` also declares the field `this.openai`.
          const cls = this.scopesAt(t.startIndex).find((s) => s.kind === 'class');
          if (cls && /\b(public|private|protected|readonly)\b/.test(this.src.slice(param.startIndex, name.startIndex))) {
            const key = `this.${this.text(name)}`;
            this.define(key, { pos: cls.id, typeNode: p, scopeAt: t.startIndex });
            this.markInteresting(key, t.startIndex);
          }
        }
      }
      return 'skip';
    }
    const isSelf = key.includes('.');
    switch (pt) {
      case 'variable_declarator':
        if (this.isField(p, 'name', t)) return { def: { pos: this.endOf(p), valueNode: p.childForFieldName('value'), scopeAt: at } };
        return 'use';
      case 'assignment_expression':
        if (this.isField(p, 'left', t)) return { def: { pos: this.endOf(p), valueNode: p.childForFieldName('right'), scopeAt: at } };
        return 'use';
      case 'augmented_assignment_expression':
        return this.isField(p, 'left', t) ? 'skip' : 'use';
      case 'function_declaration':
      case 'generator_function_declaration':
      case 'class_declaration':
      case 'function_expression':
      case 'class':
        if (isSelf) return 'use';
        return this.isField(p, 'name', t) ? nullDef(p.startIndex, p.startIndex - 1) : 'skip';
      case 'formal_parameters':
        return nullDef(t.startIndex);
      case 'required_parameter':
      case 'optional_parameter':
        if (!this.isField(p, 'pattern', t)) return 'use';
        return { def: { pos: t.startIndex, typeNode: p.childForFieldName('type') ?? undefined, scopeAt: at } };
      case 'arrow_function':
        return this.isField(p, 'parameter', t) ? nullDef(t.startIndex) : 'use';
      case 'assignment_pattern':
        return this.isField(p, 'left', t) ? nullDef(t.startIndex) : 'use';
      case 'object_pattern':
      case 'array_pattern':
      case 'pair_pattern':
      case 'rest_pattern':
        return nullDef(this.endOf(p));
      case 'for_in_statement':
        return this.isField(p, 'left', t) ? nullDef(this.endOf(t)) : 'use';
      case 'catch_clause':
        return this.isField(p, 'parameter', t) ? nullDef(t.startIndex) : 'use';
      case 'import_specifier':
      case 'import_clause':
      case 'namespace_import':
      case 'export_specifier':
      case 'labeled_statement':
      case 'break_statement':
      case 'continue_statement':
        return 'skip';
      default:
        return 'use';
    }
  }

  protected climbStep(cur: Node): Node | null {
    const p = this.parentOf(cur);
    if (!p) return null;
    const pt = this.typeOf(p);
    if (pt === 'member_expression') return this.isField(p, 'object', cur) ? p : null;
    if (pt === 'call_expression') return this.isField(p, 'function', cur) ? p : null;
    if (pt === 'new_expression') return this.isField(p, 'constructor', cur) ? p : null;
    return TRANSPARENT.has(pt) ? p : null;
  }

  protected bindingTarget(node: Node): { key: string; classField?: string } | undefined {
    const p = this.parentOf(node);
    if (!p) return undefined;
    const pt = this.typeOf(p);
    if (pt === 'variable_declarator' && this.isField(p, 'value', node)) {
      const name = p.childForFieldName('name');
      return name && name.type === 'identifier' ? { key: this.text(name) } : undefined;
    }
    if (pt === 'assignment_expression' && this.isField(p, 'right', node)) {
      const left = p.childForFieldName('left');
      if (!left) return undefined;
      if (left.type === 'identifier') return { key: this.text(left) };
      if (left.type === 'member_expression') {
        const obj = left.childForFieldName('object');
        const prop = left.childForFieldName('property');
        if (obj?.type === 'this' && prop) return { key: `this.${this.text(prop)}` };
      }
      return undefined;
    }
    if ((pt === 'public_field_definition' || pt === 'field_definition') && this.isField(p, 'value', node)) {
      const name = p.childForFieldName('name') ?? p.childForFieldName('property');
      if (!name) return undefined;
      const key = `this.${this.text(name)}`;
      return { key, classField: key };
    }
    return undefined;
  }

  protected evalExpr(node: Node, scopes: ScopeRef[], asCallee: boolean, outerPipe: boolean): Val | null {
    const type = node.type;
    switch (type) {
      case 'identifier':
      case 'type_identifier': {
        const v = this.lookup(this.text(node), node.startIndex, scopes);
        // A type-only import names no value: `new OpenAI()` with `import type OpenAI` is not a call of it.
        if (v && v.k === 'path' && v.typeOnly && type === 'identifier') return null;
        if (!asCallee) this.checkReference(v, node);
        return v;
      }
      case 'member_expression': {
        const obj = node.childForFieldName('object');
        const prop = node.childForFieldName('property');
        if (!obj || !prop) return null;
        let v: Val | null;
        if (obj.type === 'this') v = this.lookup(`this.${this.text(prop)}`, node.startIndex, scopes);
        else {
          const ov = this.evalNode(obj, scopes, false, false);
          // `require("openai").default`: the module's default export.
          if (ov && ov.k === 'path' && ov.segs.length === 1 && !ov.typeOnly && this.text(prop) === 'default') v = { ...ov, segs: exportPath(ov.fam, ov.module, 'default') };
          else v = this.member(ov, this.text(prop));
        }
        if (!asCallee) this.checkReference(v, node);
        return v;
      }
      case 'call_expression': {
        const fn = node.childForFieldName('function');
        if (!fn) return null;
        if (fn.type === 'identifier' && this.text(fn) === 'require') return this.requireValue(node);
        if (fn.type === 'member_expression') {
          const prop = fn.childForFieldName('property');
          const obj = fn.childForFieldName('object');
          if (prop && obj && this.text(prop) === 'pipe') {
            const ov = this.evalNode(obj, scopes, false, true);
            if (!this.isRunnable(ov)) return null;
            if (!outerPipe) this.report('langchain:RunnableSequence', false, 'pipe', node, fn);
            return { k: 'inst', type: 'langchain.Runnable', path: [] };
          }
        }
        return this.applyCall(this.evalNode(fn, scopes, true, false), node, fn);
      }
      case 'new_expression': {
        const ctor = node.childForFieldName('constructor');
        if (!ctor) return null;
        return this.applyCall(this.evalNode(ctor, scopes, true, false), node, ctor);
      }
      case 'type_annotation':
      case 'await_expression':
      case 'parenthesized_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression': {
        const inner = node.firstNamedChild;
        return inner && inner.type !== 'comment' ? this.evalNode(inner, scopes, asCallee, outerPipe) : null;
      }
      default:
        return null;
    }
  }

  private requireValue(call: Node): Val | null {
    const args = call.childForFieldName('arguments');
    const first = args?.firstNamedChild;
    if (!first || first.type !== 'string') return null;
    const module = unescapeString(this.text(first).slice(1, -1));
    const fam = familyForJsModule(module);
    return fam ? { k: 'path', fam, segs: [module], module } : null;
  }
}
