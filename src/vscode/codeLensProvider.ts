// One CodeLens row per line with recognised calls: "<concept> · explain" and "quiz me (n)". Titles are
// computed in resolveCodeLens, so scrolling a long file only pays for visible lenses.
import * as vscode from 'vscode';
import type { DetectedCall } from '../core/code/types';
import { buildLenses, resolveLens } from '../core/explain/lensModel';
import type { CodeDocumentCache } from './codeDocumentCache';
import { type CodeIntelligenceDeps, dialectOf } from './codeIntelligenceTypes';

class GenAiLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly kind: 'explain' | 'quiz',
    readonly calls: DetectedCall[],
    readonly uri: vscode.Uri,
    readonly dialect: 'python' | 'js',
  ) {
    super(range);
  }
}

export class GenAiCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly cache: CodeDocumentCache,
    private readonly deps: CodeIntelligenceDeps,
  ) {
    this.subs.push(this.emitter);
    if (deps.onDidChange) this.subs.push(deps.onDidChange(() => this.emitter.fire()));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.deps.isEnabled('codeLens')) return [];
    const calls = await this.cache.calls(document);
    return buildLenses(calls, (sym) => this.deps.questionsFor(sym).length).flatMap(({ calls: group, hasQuiz }) => {
      const first = group[0].calleeRange.start;
      const range = new vscode.Range(first.line, first.character, first.line, first.character);
      const d = dialectOf(document);
      const lenses: vscode.CodeLens[] = [new GenAiLens(range, 'explain', group, document.uri, d)];
      if (hasQuiz) lenses.push(new GenAiLens(range, 'quiz', group, document.uri, d));
      return lenses;
    });
  }

  resolveCodeLens(lens: vscode.CodeLens): vscode.CodeLens {
    if (!(lens instanceof GenAiLens)) return lens;
    const { title, command, args } = resolveLens(lens.calls, lens.kind, lens.uri.toString(), lens.dialect, this.deps);
    lens.command = { title, command, arguments: [args] };
    return lens;
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
  }
}

