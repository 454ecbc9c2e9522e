// What the code-intelligence glue needs from the rest of the extension, injected by extension.ts.
import * as vscode from 'vscode';
import type { GrammarLocator } from '../core/code/grammars';
import type { Range } from '../core/code/types';
import type { ApiCard } from '../core/content/types';

export type CodeFeature = 'hover' | 'codeLens' | 'hints';

export interface CodeIntelligenceDeps {
  /** Where the wasm grammars are; defaults to distGrammarLocator(context.extensionPath). */
  grammarLocator?: GrammarLocator;
  getCard(symbol: string): ApiCard | undefined;
  /** Related bank questions for a symbol (first three are shown in the hover). */
  questionsFor(symbol: string): { id: string; title: string }[];
  isEnabled(feature: CodeFeature): boolean;
  /** Fire when settings or the bank change, so lenses and hints refresh. */
  onDidChange?: vscode.Event<unknown>;
  /** Severity of learning hints (default Hint). */
  hintSeverity?(): vscode.DiagnosticSeverity;
  log?(message: string): void;
}

export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function dialectOf(document: vscode.TextDocument): 'python' | 'js' {
  return document.languageId === 'python' ? 'python' : 'js';
}

/** Selectors for every document kind we analyse, including notebook cells. */
export const CODE_SELECTOR: vscode.DocumentSelector = [
  { language: 'python', scheme: 'file' },
  { language: 'python', scheme: 'untitled' },
  { language: 'python', scheme: 'vscode-notebook-cell' },
  { language: 'typescript', scheme: 'file' },
  { language: 'typescript', scheme: 'untitled' },
  { language: 'typescriptreact', scheme: 'file' },
  { language: 'javascript', scheme: 'file' },
  { language: 'javascript', scheme: 'untitled' },
  { language: 'javascriptreact', scheme: 'file' },
];
