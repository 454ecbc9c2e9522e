// Learning hints: the pitfalls of each recognised call as diagnostics (Hint severity by default), quick
// fixes where the fix is unambiguous, and an "Explain …" code action on every recognised call.
import * as vscode from 'vscode';
import type { DetectedCall } from '../core/code/types';
import { explainCall } from '../core/explain/explainCall';
import { HOVER_COMMANDS } from '../core/explain/hoverMarkdown';
import type { Pitfall } from '../core/explain/types';
import type { CodeDocumentCache } from './codeDocumentCache';
import { type CodeIntelligenceDeps, dialectOf, toRange } from './codeIntelligenceTypes';

export const DIAGNOSTIC_SOURCE = 'GenAI Lens';

interface HintEntry {
  diagnostic: vscode.Diagnostic;
  pitfall: Pitfall;
  call: DetectedCall;
}

/** Pure: the pitfalls of all calls, flattened with their call. */
export function collectHints(calls: readonly DetectedCall[], deps: Pick<CodeIntelligenceDeps, 'getCard'>, dialect: 'python' | 'js'): { call: DetectedCall; pitfall: Pitfall }[] {
  const out: { call: DetectedCall; pitfall: Pitfall }[] = [];
  for (const call of calls) {
    for (const pitfall of explainCall(call, deps.getCard(call.symbol), { dialect }).pitfalls) out.push({ call, pitfall });
  }
  return out;
}

export class LearningHints implements vscode.Disposable, vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('genaiLens');
  private readonly entries = new Map<string, HintEntry[]>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly cache: CodeDocumentCache,
    private readonly deps: CodeIntelligenceDeps,
  ) {
    this.subs.push(
      this.collection,
      cache.onDidChange((uri) => {
        const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (doc) this.schedule(doc);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
    );
    if (deps.onDidChange) this.subs.push(deps.onDidChange(() => this.refreshAll()));
    this.refreshAll();
  }

  refreshAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(document: vscode.TextDocument, delay = 400): void {
    if (!this.cache.supports(document)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(document);
      }, delay),
    );
  }

  private clear(uri: vscode.Uri): void {
    this.collection.delete(uri);
    this.entries.delete(uri.toString());
  }

  async update(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return this.clear(document.uri);
    if (!this.deps.isEnabled('hints')) return this.clear(document.uri);
    const version = document.version;
    const calls = await this.cache.calls(document);
    if (document.version !== version) return; // a newer update is scheduled
    const severity = this.deps.hintSeverity?.() ?? vscode.DiagnosticSeverity.Hint;
    const list: HintEntry[] = collectHints(calls, this.deps, dialectOf(document)).map(({ call, pitfall }) => {
      const d = new vscode.Diagnostic(toRange(pitfall.range ?? call.calleeRange), pitfall.message, severity);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = pitfall.code;
      return { diagnostic: d, pitfall, call };
    });
    this.entries.set(document.uri.toString(), list);
    this.collection.set(document.uri, list.map((e) => e.diagnostic));
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    const entries = this.entries.get(document.uri.toString()) ?? [];
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const entry = entries.find((e) => e.diagnostic === d || (e.diagnostic.range.isEqual(d.range) && e.pitfall.code === d.code));
      const fix = entry?.pitfall.fix;
      if (!fix) continue;
      const action = new vscode.CodeAction(fix.description, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, toRange(fix.edit.range), fix.edit.newText);
      action.diagnostics = [d];
      action.isPreferred = true;
      actions.push(action);
    }
    // "Explain" is offered on every recognised call under the cursor, with or without pitfalls.
    const done = new Set<string>();
    for (const c of await this.cache.calls(document)) {
      if (!toRange(c.range).intersection(range) || done.has(c.symbol)) continue;
      done.add(c.symbol);
      const card = this.deps.getCard(c.symbol);
      const name = card?.concept ?? c.symbol.slice(c.symbol.indexOf(':') + 1);
      const a = new vscode.CodeAction(`GenAI Lens: explain ${name}`, vscode.CodeActionKind.QuickFix.append('explain'));
      a.command = {
        title: 'Explain call',
        command: HOVER_COMMANDS.explainCall,
        arguments: [{ uri: document.uri.toString(), line: c.calleeRange.start.line, character: c.calleeRange.start.character }],
      };
      actions.push(a);
    }
    return actions;
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const s of this.subs) s.dispose();
  }
}
