// Hover on a recognised call (callee or arguments): concept, summary, the user's values interpreted,
// pitfalls, related questions and command links trusted only for our own command ids.
import * as vscode from 'vscode';
import { findCallAtPosition } from '../core/code/parsedDocument';
import { explainCall } from '../core/explain/explainCall';
import { HOVER_COMMANDS, renderHoverMarkdown } from '../core/explain/hoverMarkdown';
import type { CodeDocumentCache } from './codeDocumentCache';
import { type CodeIntelligenceDeps, dialectOf, toRange } from './codeIntelligenceTypes';

export const TRUSTED_COMMANDS: readonly string[] = Object.values(HOVER_COMMANDS);

export class GenAiHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly cache: CodeDocumentCache,
    private readonly deps: CodeIntelligenceDeps,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.deps.isEnabled('hover')) return undefined;
    const calls = await this.cache.calls(document);
    const call = findCallAtPosition(calls, { line: position.line, character: position.character });
    if (!call) return undefined;
    const explanation = explainCall(call, this.deps.getCard(call.symbol), { dialect: dialectOf(document) });
    const md = renderHoverMarkdown(call, explanation, this.deps.questionsFor(call.symbol), {
      uri: document.uri.toString(),
      line: position.line,
      character: position.character,
    });
    const ms = new vscode.MarkdownString(md);
    ms.isTrusted = { enabledCommands: [...TRUSTED_COMMANDS] };
    ms.supportHtml = false;
    return new vscode.Hover(ms, toRange(call.calleeRange));
  }
}
