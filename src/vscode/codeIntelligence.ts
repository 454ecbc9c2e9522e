// registerCodeIntelligence: the one entry point extension.ts calls. It owns the grammar loader, the
// document cache and every provider it registers; disposing the returned handle removes them all.
import * as vscode from 'vscode';
import { distGrammarLocator, GrammarLoader } from '../core/code/grammars';
import { findCallAtPosition } from '../core/code/parsedDocument';
import type { DetectedCall } from '../core/code/types';
import type { ApiCard } from '../core/content/types';
import { explainCall } from '../core/explain/explainCall';
import type { Explanation } from '../core/explain/types';
import { CodeDocumentCache } from './codeDocumentCache';
import { GenAiCodeLensProvider } from './codeLensProvider';
import { CODE_SELECTOR, type CodeIntelligenceDeps, dialectOf } from './codeIntelligenceTypes';
import { LearningHints } from './diagnostics';
import { GenAiHoverProvider } from './hoverProvider';

export type { CodeIntelligenceDeps } from './codeIntelligenceTypes';

export interface FoundCall {
  call: DetectedCall;
  explanation: Explanation;
  card?: ApiCard;
  questions: { id: string; title: string }[];
}

export interface CodeIntelligence extends vscode.Disposable {
  /** The recognised call at a position (callee or inside its arguments), explained. */
  findCallAt(document: vscode.TextDocument, position: vscode.Position): Promise<FoundCall | undefined>;
  /** All recognised calls of a document (cell-relative for notebook cells). */
  callsIn(document: vscode.TextDocument): Promise<DetectedCall[]>;
  /** Re-run hints and lenses (e.g. after the bank reloads). */
  refresh(): void;
}

export function registerCodeIntelligence(context: vscode.ExtensionContext, deps: CodeIntelligenceDeps): CodeIntelligence {
  const log = deps.log ?? (() => undefined);
  const loader = new GrammarLoader(deps.grammarLocator ?? distGrammarLocator(context.extensionPath));
  const cache = new CodeDocumentCache(loader, log);
  const lenses = new GenAiCodeLensProvider(cache, deps);
  const hints = new LearningHints(cache, deps);
  const disposables: vscode.Disposable[] = [
    cache,
    lenses,
    hints,
    vscode.languages.registerHoverProvider(CODE_SELECTOR, new GenAiHoverProvider(cache, deps)),
    vscode.languages.registerCodeLensProvider(CODE_SELECTOR, lenses),
    vscode.languages.registerCodeActionsProvider(CODE_SELECTOR, hints, { providedCodeActionKinds: LearningHints.providedCodeActionKinds }),
    { dispose: () => loader.dispose() },
  ];
  const handle: CodeIntelligence = {
    async findCallAt(document, position) {
      const calls = await cache.calls(document);
      const call = findCallAtPosition(calls, { line: position.line, character: position.character });
      if (!call) return undefined;
      const card = deps.getCard(call.symbol);
      return { call, card, explanation: explainCall(call, card, { dialect: dialectOf(document) }), questions: deps.questionsFor(call.symbol) };
    },
    callsIn: (document) => cache.calls(document),
    refresh: () => hints.refreshAll(),
    dispose: () => {
      for (const d of disposables.splice(0).reverse()) d.dispose();
    },
  };
  context.subscriptions.push(handle);
  return handle;
}
