// activate/deactivate only: build the services, register every command, provider and view, and push
// each disposable. Heavy things (question bank, grammars, ONNX model) load on first use, not here.
import * as vscode from 'vscode';
import { BankService } from './vscode/bankService';
import { COMMANDS } from './vscode/commandIds';
import { TopicTreeProvider } from './vscode/topicTree';

let log: vscode.LogOutputChannel | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const t0 = performance.now();
  log = vscode.window.createOutputChannel('GenAI Lens', { log: true });
  context.subscriptions.push(log);
  try {
    realActivate(context, log);
    log.info(`GenAI Lens ${context.extension.packageJSON.version as string} activated in ${(performance.now() - t0).toFixed(1)} ms`);
  } catch (e) {
    const err = e as Error;
    log.error(`Activation failed: ${err.stack ?? err.message}`);
    void vscode.window.showErrorMessage(`GenAI Lens failed to start: ${err.message}`, 'Show Log').then((choice) => {
      if (choice) log?.show();
    });
  }
}

function realActivate(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): void {
  const bank = new BankService(context.extensionPath, log);
  context.subscriptions.push(bank);

  const tree = new TopicTreeProvider(bank);
  const view = vscode.window.createTreeView('genaiLens.topics', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, view);

  const notYet = (what: string) => () =>
    void vscode.window.showInformationMessage(`GenAI Lens: ${what} is not implemented yet; it arrives in a coming release.`);

  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    [COMMANDS.startQuiz]: notYet('the quiz'),
    [COMMANDS.searchBank]: notYet('search'),
    [COMMANDS.explainCallAtCursor]: notYet('Explain Call at Cursor'),
    [COMMANDS.quizMeOnFile]: notYet('Quiz Me on This File'),
    [COMMANDS.showProgress]: notYet('the progress view'),
    [COMMANDS.openTopic]: notYet('Open Topic'),
    [COMMANDS.openQuestion]: notYet('the question view'),
    [COMMANDS.quizTopic]: notYet('topic quizzes'),
    [COMMANDS.filterTopics]: notYet('filtering'),
    [COMMANDS.clearTopicFilter]: () => tree.setFilter(undefined),
    [COMMANDS.exportProgress]: notYet('export'),
    [COMMANDS.importProgress]: notYet('import'),
    [COMMANDS.resetProgress]: notYet('reset'),
    [COMMANDS.showLog]: () => log.show(),
  };
  for (const [id, handler] of Object.entries(handlers)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, guard(id, handler, log)));
  }
}

/** Wraps a command so a failure is logged and shown, never thrown into the extension host. */
function guard(id: string, fn: (...args: unknown[]) => unknown, log: vscode.LogOutputChannel) {
  return async (...args: unknown[]) => {
    try {
      return await fn(...args);
    } catch (e) {
      const err = e as Error;
      log.error(`Command ${id} failed: ${err.stack ?? err.message}`);
      void vscode.window.showErrorMessage(`GenAI Lens: ${err.message}`, 'Show Log').then((c) => {
        if (c) log.show();
      });
      return undefined;
    }
  };
}

export function deactivate(): void {
  log = undefined;
}
