// Python half of call detection: imports, binding forms and expression shapes of tree-sitter-python.
import type { Node } from 'web-tree-sitter';
import { Analyzer, type ScopeRef, type ScopeSpan, type Val } from './analyzer';
import { familyForPythonModule } from './libraryCatalog';

// A file may start with a byte order mark, which is not whitespace to a regex.
const IMPORT_RE = /^\uFEFF?[ \t]*(from|import)(?=[ \t\\(])/gm;

export class PythonAnalyzer extends Analyzer {
  protected selfWord = 'self';

  protected dialect = 'python' as const;

  protected collectImports(): void {
    for (const m of this.lineMatches(IMPORT_RE)) {
      const kwStart = m.index + m[0].length - m[1].length;
      const kw = this.root.descendantForIndex(kwStart, kwStart + m[1].length);
      const stmt = kw && this.parentOf(kw);
      if (!stmt || stmt.startIndex !== kwStart) continue;
      const t = this.typeOf(stmt);
      if (t === 'import_from_statement') this.importFrom(stmt);
      else if (t === 'import_statement') this.importModules(stmt);
    }
  }

  protected mayImport(text: string): boolean {
    return /(^|[^\w$.])(import|__import__|importlib)(?![\w$])/.test(text);
  }

  protected collectScopes(tops?: readonly Node[]): ScopeSpan[] {
    const out: ScopeSpan[] = [];
    const visit = (n: Node, depth: number) => {
      let t = this.typeOf(n);
      let def = n;
      if (t === 'decorated_definition') {
        const d = n.childForFieldName('definition');
        if (!d) return;
        def = d;
        t = this.typeOf(d);
      }
      if (t === 'function_definition') out.push({ start: def.startIndex, end: this.endOf(def), kind: 'function' });
      else if (t === 'class_definition') {
        out.push({ start: def.startIndex, end: this.endOf(def), kind: 'class' });
        const body = def.childForFieldName('body');
        if (body && depth < 2) for (const c of body.namedChildren) if (c) visit(c, depth + 1);
      }
    };
    for (const c of tops ?? this.root.namedChildren) if (c) visit(c, 0);
    return out;
  }

  private bindImport(key: string, val: Val | null, stmt: Node): void {
    this.define(key, { pos: this.endOf(stmt), scopeAt: stmt.startIndex }, val);
    if (val) this.markInteresting(key, stmt.startIndex);
  }

  private importFrom(stmt: Node): void {
    const mod = stmt.childForFieldName('module_name');
    if (!mod) return;
    const relative = mod.type === 'relative_import';
    const modText = this.text(mod).replace(/\s+/g, '');
    const modSegs = modText.split('.');
    const fam = relative ? undefined : familyForPythonModule(modSegs[0]);
    for (const n of stmt.childrenForFieldName('name')) {
      if (!n) continue;
      let name: string;
      let key: string;
      if (n.type === 'aliased_import') {
        const nm = n.childForFieldName('name');
        const al = n.childForFieldName('alias');
        if (!nm || !al) continue;
        name = this.text(nm);
        key = this.text(al);
      } else {
        name = key = this.text(n);
      }
      const val: Val | null = fam ? { k: 'path', fam, segs: [...modSegs, ...name.split('.')], module: modText } : null;
      this.bindImport(key, val, stmt);
    }
  }

  private importModules(stmt: Node): void {
    for (const n of stmt.childrenForFieldName('name')) {
      if (!n) continue;
      if (n.type === 'aliased_import') {
        const nm = n.childForFieldName('name');
        const al = n.childForFieldName('alias');
        if (!nm || !al) continue;
        const segs = this.text(nm).replace(/\s+/g, '').split('.');
        const fam = familyForPythonModule(segs[0]);
        this.bindImport(this.text(al), fam ? { k: 'path', fam, segs, module: segs.join('.') } : null, stmt);
      } else {
        const segs = this.text(n).replace(/\s+/g, '').split('.');
        const fam = familyForPythonModule(segs[0]);
        // `import a.b.c` binds `a`.
        this.bindImport(segs[0], fam ? { k: 'path', fam, segs: [segs[0]], module: segs.join('.') } : null, stmt);
      }
    }
  }

  protected isIdentifierType(type: string): boolean {
    return type === 'identifier';
  }

  protected isSelfAttributeType(type: string): boolean {
    return type === 'attribute';
  }

  protected normalizeMember(name: string): string {
    return name;
  }

  protected classify(t: Node, key: string): ReturnType<Analyzer['classify']> {
    const p = this.parentOf(t);
    if (!p) return 'skip';
    const pt = this.typeOf(p);
    const isSelf = key.includes('.');
    const at = t.startIndex;
    const nullDef = (pos: number, scopeAt = at) => ({ def: { pos, valueNode: null, scopeAt } });
    switch (pt) {
      case 'assignment':
        if (this.isField(p, 'left', t)) return { def: { pos: this.endOf(p), valueNode: p.childForFieldName('right'), scopeAt: at } };
        return 'use';
      case 'augmented_assignment':
        return this.isField(p, 'left', t) ? 'skip' : 'use';
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'list_splat_pattern':
      case 'dictionary_splat_pattern':
        return nullDef(this.endOf(p));
      case 'for_statement':
      case 'for_in_clause':
        return this.isField(p, 'left', t) ? nullDef(this.endOf(t)) : 'use';
      case 'as_pattern_target': {
        const asPattern = this.parentOf(p);
        const withItem = asPattern && this.parentOf(asPattern);
        if (asPattern && withItem && this.typeOf(withItem) === 'with_item') {
          return { def: { pos: this.endOf(asPattern), valueNode: asPattern.firstNamedChild, scopeAt: at } };
        }
        return nullDef(this.endOf(t));
      }
      case 'function_definition':
      case 'class_definition':
        if (isSelf) return 'use';
        return this.isField(p, 'name', t) ? nullDef(p.startIndex, p.startIndex - 1) : 'skip';
      case 'parameters':
        return nullDef(t.startIndex);
      case 'lambda_parameters':
        // Lambdas are not tracked as scopes; their parameters must not shadow outer names.
        return 'skip';
      case 'default_parameter':
        if (!this.isField(p, 'name', t)) return 'use';
        return this.inLambda(p) ? 'skip' : nullDef(t.startIndex);
      case 'typed_default_parameter':
        if (!this.isField(p, 'name', t)) return 'use';
        return { def: { pos: t.startIndex, typeNode: p.childForFieldName('type') ?? undefined, scopeAt: at } };
      case 'typed_parameter':
        return { def: { pos: t.startIndex, typeNode: p.childForFieldName('type') ?? undefined, scopeAt: at } };
      case 'keyword_argument':
        return this.isField(p, 'name', t) ? 'skip' : 'use';
      case 'type':
      case 'type_parameter':
      case 'generic_type':
      case 'subscript':
      case 'binary_operator': {
        // `def f(client: OpenAI)`, `Optional[OpenAI]`, `OpenAI | None`: the parameter becomes worth tracking.
        const param = this.annotatedParameter(p);
        if (param) {
          const pt2 = this.typeOf(param);
          const name = pt2 === 'typed_parameter' ? param.firstNamedChild : param.childForFieldName('name');
          if (name && name.type === 'identifier') this.markInteresting(this.text(name), t.startIndex);
          return 'skip';
        }
        return pt === 'type' ? 'skip' : 'use';
      }
      case 'attribute':
        return !isSelf && this.isField(p, 'attribute', t) ? 'skip' : 'use';
      case 'named_expression':
        if (this.isField(p, 'name', t)) return { def: { pos: this.endOf(p), valueNode: p.childForFieldName('value'), scopeAt: at } };
        return 'use';
      case 'global_statement':
      case 'nonlocal_statement':
      case 'dotted_name':
      case 'aliased_import':
      case 'import_from_statement':
      case 'import_statement':
      case 'keyword_pattern':
        return 'skip';
      default:
        return 'use';
    }
  }

  /** The typed parameter whose annotation contains `n` (a `type` node or a part of one), if any. */
  private annotatedParameter(n: Node): Node | null {
    let cur = n;
    let inType = false;
    for (let guard = 0; guard < 8; guard++) {
      const t = this.typeOf(cur);
      if (t === 'type') inType = true;
      else if (t !== 'type_parameter' && t !== 'generic_type' && t !== 'subscript' && t !== 'binary_operator') return null;
      const p = this.parentOf(cur);
      if (!p) return null;
      const pt = this.typeOf(p);
      if (pt === 'typed_parameter' || pt === 'typed_default_parameter') return inType && t === 'type' && this.isField(p, 'type', cur) ? p : null;
      cur = p;
    }
    return null;
  }

  protected override annotatedClass(typeNode: Node): Node {
    let cur = typeNode;
    for (let guard = 0; guard < 8; guard++) {
      const t = this.typeOf(cur);
      let next: Node | null = null;
      if (t === 'type') next = firstExpression(cur);
      else if (t === 'generic_type' || t === 'subscript') {
        // Optional[X], Union[X, None], typing.Optional[X]
        const head = t === 'generic_type' ? cur.firstNamedChild : cur.childForFieldName('value');
        const params =
          t === 'generic_type'
            ? (cur.namedChildren.find((c) => c?.type === 'type_parameter')?.namedChildren ?? [])
            : cur.childrenForFieldName('subscript');
        const word = head ? this.text(head).replace(/^typing\s*\.\s*/, '') : '';
        const members = params.filter((c): c is Node => !!c && c.type !== 'comment' && !isNone(c));
        if ((word === 'Optional' || word === 'Union') && members.length === 1) next = members[0];
      } else if (t === 'binary_operator' && this.operatorOf(cur) === '|') {
        // X | None
        const sides = [cur.childForFieldName('left'), cur.childForFieldName('right')].filter((c): c is Node => !!c && !isNone(c));
        if (sides.length === 1) next = sides[0];
      }
      if (!next) return cur;
      cur = next;
    }
    return cur;
  }

  private inLambda(param: Node): boolean {
    const list = this.parentOf(param);
    return !!list && this.typeOf(list) === 'lambda_parameters';
  }

  private operatorOf(n: Node): string | undefined {
    return n.childForFieldName('operator')?.type;
  }

  protected climbStep(cur: Node): Node | null {
    const p = this.parentOf(cur);
    if (!p) return null;
    const pt = this.typeOf(p);
    if (pt === 'attribute') return this.isField(p, 'object', cur) ? p : null;
    if (pt === 'call') {
      const ct = this.typeOf(cur);
      return ct !== 'argument_list' && ct !== 'generator_expression' ? p : null;
    }
    if (pt === 'parenthesized_expression' || pt === 'await') return p;
    return pt === 'binary_operator' && this.operatorOf(p) === '|' ? p : null;
  }

  protected bindingTarget(node: Node): { key: string; classField?: string } | undefined {
    const p = this.parentOf(node);
    if (!p) return undefined;
    const pt = this.typeOf(p);
    if (pt === 'assignment' && this.isField(p, 'right', node)) {
      const left = p.childForFieldName('left');
      if (!left) return undefined;
      if (left.type === 'identifier') {
        const inClassBody = this.scopesAt(p.startIndex)[0]?.kind === 'class';
        const key = this.text(left);
        return inClassBody ? { key, classField: `self.${key}` } : { key };
      }
      if (left.type === 'attribute') {
        const obj = left.childForFieldName('object');
        const attr = left.childForFieldName('attribute');
        if (obj && attr && obj.type === 'identifier' && this.text(obj) === 'self') return { key: `self.${this.text(attr)}` };
      }
      return undefined;
    }
    if (pt === 'named_expression' && this.isField(p, 'value', node)) {
      const name = p.childForFieldName('name');
      return name ? { key: this.text(name) } : undefined;
    }
    if (pt === 'as_pattern') {
      const alias = p.childForFieldName('alias')?.firstNamedChild;
      const withItem = this.parentOf(p);
      if (alias && alias.type === 'identifier' && withItem && this.typeOf(withItem) === 'with_item') return { key: this.text(alias) };
    }
    return undefined;
  }

  protected evalExpr(node: Node, scopes: ScopeRef[], asCallee: boolean, outerPipe: boolean): Val | null {
    switch (node.type) {
      case 'identifier': {
        const v = this.lookup(this.text(node), node.startIndex, scopes);
        if (!asCallee) this.checkReference(v, node);
        return v;
      }
      case 'attribute': {
        const obj = node.childForFieldName('object');
        const attr = node.childForFieldName('attribute');
        if (!obj || !attr) return null;
        const v =
          obj.type === 'identifier' && this.text(obj) === 'self'
            ? this.lookup(`self.${this.text(attr)}`, node.startIndex, scopes)
            : this.member(this.evalNode(obj, scopes, false, false), this.text(attr));
        if (!asCallee) this.checkReference(v, node);
        return v;
      }
      case 'call': {
        const fn = node.childForFieldName('function');
        if (!fn) return null;
        return this.applyCall(this.evalNode(fn, scopes, true, false), node, fn);
      }
      case 'parenthesized_expression':
      case 'await':
      case 'type': {
        const inner = firstExpression(node);
        return inner ? this.evalNode(inner, scopes, asCallee, outerPipe) : null;
      }
      case 'assignment': {
        const right = node.childForFieldName('right');
        return right ? this.evalNode(right, scopes, false, false) : null;
      }
      case 'binary_operator': {
        if (this.operatorOf(node) !== '|') return null;
        const l = node.childForFieldName('left');
        const r = node.childForFieldName('right');
        const lv = l ? this.evalNode(l, scopes, false, true) : null;
        const rv = r ? this.evalNode(r, scopes, false, true) : null;
        if (!this.isRunnable(lv) && !this.isRunnable(rv)) return null;
        if (!outerPipe) this.report('langchain:RunnableSequence', false, 'pipe', node, node);
        return { k: 'inst', type: 'langchain.Runnable', path: [] };
      }
      default:
        return null;
    }
  }

}

/** `None`, possibly wrapped in a `type` node. */
function isNone(n: Node): boolean {
  if (n.type === 'none') return true;
  if (n.type !== 'type') return false;
  const inner = firstExpression(n);
  return !!inner && inner.type === 'none';
}

function firstExpression(node: Node): Node | null {
  for (const c of node.namedChildren) if (c && c.type !== 'comment') return c;
  return null;
}
