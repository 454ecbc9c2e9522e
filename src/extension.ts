// activate/deactivate only: build the services, register every command, provider and view, and push
// each disposable. Heavy things (question bank, grammars, ONNX model, progress file) load on first
// use or after activation returns, never inside it.
import * as vscode from 'vscode';
import { writeFile, readFile } from 'node:fs/promises';
import { BankService } from './vscode/bankService';
import { COMMANDS } from './vscode/commandIds';
import { onConfigChange, readConfig } from './vscode/config';
import { ProgressPanel, QuestionPanel, type PanelDeps } from './vscode/contentPanels';
import { QuizPanel, type QuizDeps } from './vscode/quizPanel';
import { startQuiz } from './vscode/quizCommands';
import { ReviewService } from './vscode/reviewService';
import { TopicTreeProvider, type TopicFilter } from './vscode/topicTree';
import { UserQuestions } from './vscode/userQuestions';
import { SearchService, showSearchQuickPick } from './vscode/searchService';
import type { SearchHit } from './core/search/searchIndex';
import { registerCodeIntelligence } from './vscode/codeIntelligence';
import { RelatedQuestions } from './vscode/relatedQuestions';
import { toAnkiCsv } from './core/review/ankiExport';
import { TOPIC_IDS, type TopicId } from './core/content/types';

let log: vscode.LogOutputChannel | undefined;
let reviews: ReviewService | undefined;

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
  let config = readConfig();
  const bank = new BankService(context.extensionPath, log);
  const review = new ReviewService(context.globalStorageUri.fsPath, bank, config, log);
  reviews = review;
  const userQuestions = new UserQuestions(bank, log, config.userQuestionsFolder);
  const tree = new TopicTreeProvider(bank, review);
  const view = vscode.window.createTreeView('genaiLens.topics', { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(bank, userQuestions, tree, view, { dispose: () => void review.dispose() });

  const search = new SearchService(context.extensionPath, context.globalStorageUri.fsPath, bank, config.embeddingModelPath, log);
  context.subscriptions.push(search);
  const panelDeps: PanelDeps = { extensionUri: context.extensionUri, bank, reviews: review, log, isTrusted: () => vscode.workspace.isTrusted };
  const quizDeps: QuizDeps = {
    extensionUri: context.extensionUri,
    bank,
    reviews: review,
    log,
    gradeFree: search.gradeFree,
    relatedForSymbols: async (symbols) => (await (await search.get()).questionsForSymbols(symbols, { k: 8 })).map((h) => h.id),
  };
  context.subscriptions.push(QuizPanel.registerSerializer(quizDeps), QuestionPanel.registerSerializer(panelDeps), ProgressPanel.registerSerializer(panelDeps));

  context.subscriptions.push(
    onConfigChange((c, e) => {
      config = c;
      review.updateConfig(c);
      if (e.affectsConfiguration('genaiLens.userQuestions.folder')) userQuestions.setExtraFolder(c.userQuestionsFolder);
      if (e.affectsConfiguration('genaiLens.embedding.modelPath')) search.setModelPath(c.embeddingModelPath);
    }),
  );

  // Code intelligence: hovers, CodeLens, hints. Grammars load on the first parse, not here.
  const related = new RelatedQuestions(bank, search);
  // Lenses and hints refresh when the bank or settings change, coalesced: every refresh replaces the
  // rendered lenses, and a click on a replaced lens is lost ("command not found"). Semantic related
  // questions arriving in the background do not refresh lenses; hovers pick them up on demand.
  const codeChanged = new vscode.EventEmitter<void>();
  let codeChangeTimer: ReturnType<typeof setTimeout> | undefined;
  const codeChangedSoon = () => {
    if (codeChangeTimer) clearTimeout(codeChangeTimer);
    codeChangeTimer = setTimeout(() => codeChanged.fire(), 400);
  };
  context.subscriptions.push(related, codeChanged, bank.onDidChange(codeChangedSoon), { dispose: () => clearTimeout(codeChangeTimer) });
  const code = registerCodeIntelligence(context, {
    getCard: (symbol) => bank.card(symbol),
    questionsFor: (symbol) => related.forSymbol(symbol),
    isEnabled: (feature) => (feature === 'hover' ? config.hoversEnabled : feature === 'codeLens' ? config.codeLensEnabled : config.hintsEnabled),
    onDidChange: codeChanged.event,
    log: (m) => log.info(`Code: ${m}`),
  });
  context.subscriptions.push(onConfigChange(codeChangedSoon));

  const fileSymbols = async (): Promise<string[]> => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc) return [];
    await bank.bank();
    return [...new Set((await code.callsIn(doc)).map((c) => c.symbol))];
  };

  const handlers: Record<string, (...args: unknown[]) => unknown> = {
    [COMMANDS.startQuiz]: (arg?: unknown) => startQuiz({ ...quizDeps, fileSymbols }, arg),
    [COMMANDS.quizMeOnFile]: async () => {
      const symbols = await fileSymbols();
      if (!symbols.length) return vscode.window.showInformationMessage('GenAI Lens: no recognised GenAI library calls in the active editor to quiz you on.');
      return startQuiz({ ...quizDeps, fileSymbols }, { mode: 'apis', symbols });
    },
    [COMMANDS.quizTopic]: (arg?: unknown) => {
      const node = arg as { kind?: string; topic?: { id?: string }; question?: { id?: string } } | string | undefined;
      if (typeof node === 'string' && TOPIC_IDS.includes(node as TopicId)) return startQuiz({ ...quizDeps, fileSymbols }, { mode: 'topic', topic: node });
      if (typeof node === 'object' && node?.kind === 'topic') return startQuiz({ ...quizDeps, fileSymbols }, { mode: 'topic', topic: node.topic?.id });
      if (typeof node === 'object' && node?.kind === 'question') return startQuiz({ ...quizDeps, fileSymbols }, { mode: 'questions', questionIds: [node.question?.id] });
      return startQuiz({ ...quizDeps, fileSymbols });
    },
    [COMMANDS.openQuestion]: async (arg?: unknown) => {
      const a = arg as { kind?: string; question?: { id?: string }; symbol?: unknown } | string | undefined;
      if (typeof a === 'string') return QuestionPanel.show(panelDeps, { kind: 'question', id: a });
      if (typeof a === 'object' && a?.kind === 'question' && typeof a.question?.id === 'string') return QuestionPanel.show(panelDeps, { kind: 'question', id: a.question.id });
      if (typeof a === 'object' && typeof a?.symbol === 'string') return QuestionPanel.show(panelDeps, { kind: 'api', symbol: a.symbol });
      const b = await bank.bank();
      const pick = await vscode.window.showQuickPick(
        b.questions.map((q) => ({ label: q.title, description: `${bank.topic(q.topic)?.title ?? q.topic} · ${q.difficulty}`, id: q.id })),
        { title: 'Open a question', matchOnDescription: true },
      );
      if (pick) await QuestionPanel.show(panelDeps, { kind: 'question', id: pick.id });
    },
    [COMMANDS.openTopic]: async (arg?: unknown) => {
      const b = await bank.bank();
      let id = typeof arg === 'string' ? arg : (arg as { topic?: { id?: string } } | undefined)?.topic?.id;
      if (!id || !b.topics.some((t) => t.id === id)) {
        const pick = await vscode.window.showQuickPick(b.topics.map((t) => ({ label: t.title, detail: t.summary, id: t.id })), { title: 'Open a topic', matchOnDetail: true });
        id = pick?.id;
      }
      const topic = b.topics.find((t) => t.id === id);
      if (!topic) return;
      await view.reveal({ kind: 'topic', topic }, { expand: true, focus: true, select: true });
    },
    [COMMANDS.showProgress]: async () => {
      await review.open();
      ProgressPanel.show(panelDeps);
    },
    [COMMANDS.filterTopics]: async () => {
      type F = vscode.QuickPickItem & { filter: TopicFilter | undefined };
      const pick = await vscode.window.showQuickPick<F>(
        [
          { label: '$(history) Due for review', filter: { kind: 'due' } },
          { label: '$(circle-outline) Not yet studied', filter: { kind: 'unseen' } },
          { label: 'Easy', filter: { kind: 'difficulty', difficulty: 'easy' } },
          { label: 'Medium', filter: { kind: 'difficulty', difficulty: 'medium' } },
          { label: 'Hard', filter: { kind: 'difficulty', difficulty: 'hard' } },
          { label: '$(search) Matching a search…', filter: { kind: 'search', query: '', ids: [] } },
          { label: '$(clear-all) Show everything', filter: undefined },
        ],
        { title: 'Filter the Topics tree' },
      );
      if (pick?.filter?.kind === 'search') {
        const query = await vscode.window.showInputBox({ title: 'Show questions matching', placeHolder: 'e.g. attention cost, lora_alpha, mode collapse' });
        if (!query?.trim()) return;
        let hits: SearchHit[];
        try {
          hits = await search.search(query, 25);
        } catch (err) {
          search.logError(`Filtering the Topics tree by ${JSON.stringify(query)} failed`, err);
          void vscode.window.showWarningMessage('GenAI Lens: the search behind this filter failed; the tree is unchanged. See the log for details.');
          return;
        }
        const top = hits.length ? hits[0].score : 0;
        tree.setFilter({ kind: 'search', query, ids: hits.filter((h) => h.score >= top * 0.35).map((h) => h.id) });
        return;
      }
      if (pick) {
        await review.open();
        tree.setFilter(pick.filter);
      }
    },
    [COMMANDS.clearTopicFilter]: () => tree.setFilter(undefined),
    [COMMANDS.exportProgress]: async () => {
      const store = await review.open();
      const fmt = await vscode.window.showQuickPick(
        [
          { label: 'JSON', description: 'everything, with scheduling; can be imported again', ext: 'json' },
          { label: 'Anki CSV', description: 'every quiz item as a Basic note (Front, Back, Tags)', ext: 'csv' },
        ],
        { title: 'Export progress as' },
      );
      if (!fmt) return;
      const target = await vscode.window.showSaveDialog({ filters: { [fmt.label]: [fmt.ext] }, defaultUri: vscode.Uri.file(`genai-lens-${fmt.ext === 'json' ? 'progress' : 'anki'}.${fmt.ext}`) });
      if (!target) return;
      await writeFile(target.fsPath, fmt.ext === 'json' ? store.exportJson() : toAnkiCsv(await bank.bank()), 'utf8');
      void vscode.window.showInformationMessage(`GenAI Lens: exported to ${target.fsPath}`);
    },
    [COMMANDS.importProgress]: async () => {
      const store = await review.open();
      const [file] = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'GenAI Lens progress': ['json'] } })) ?? [];
      if (!file) return;
      const r = await store.importJson(await readFile(file.fsPath, 'utf8'));
      void vscode.window.showInformationMessage(`GenAI Lens: imported ${r.added} review(s); ${r.skipped} already present.`);
    },
    [COMMANDS.resetProgress]: async () => {
      const ok = await vscode.window.showWarningMessage('Reset all GenAI Lens progress? Your review history is kept in a backup file beside it.', { modal: true }, 'Reset');
      if (ok !== 'Reset') return;
      const kept = await (await review.open()).reset();
      void vscode.window.showInformationMessage(`GenAI Lens: progress reset. The old history is kept at ${kept}.`);
    },
    [COMMANDS.searchBank]: (arg?: unknown) =>
      showSearchQuickPick(
        search,
        bank,
        (id) => QuestionPanel.show(panelDeps, { kind: 'question', id }),
        (ids) => startQuiz({ ...quizDeps, fileSymbols }, { mode: 'questions', questionIds: ids }),
        typeof arg === 'string' ? arg.slice(0, 200) : '',
      ),
    [COMMANDS.explainCallAtCursor]: async (arg?: unknown) => {
      const a = arg as { uri?: unknown; line?: unknown; character?: unknown } | undefined;
      let doc = vscode.window.activeTextEditor?.document;
      let pos = vscode.window.activeTextEditor?.selection.active;
      if (a && typeof a.uri === 'string' && Number.isInteger(a.line) && Number.isInteger(a.character)) {
        const uri = vscode.Uri.parse(a.uri);
        doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
        pos = new vscode.Position(a.line as number, a.character as number);
      }
      if (!doc || !pos) return vscode.window.showInformationMessage('GenAI Lens: put the cursor on a GenAI library call first.');
      await bank.bank();
      const found = await code.findCallAt(doc, pos);
      if (!found) return vscode.window.showInformationMessage('GenAI Lens: no recognised GenAI library call at the cursor.');
      if (!found.card) return vscode.window.showInformationMessage(`GenAI Lens: ${found.explanation.title}: ${found.explanation.summary}`);
      return QuestionPanel.show(panelDeps, { kind: 'api', symbol: found.call.symbol, interpreted: [...found.explanation.interpreted, ...found.explanation.pitfalls.map((p) => `⚠ ${p.message}`)] });
    },
    [COMMANDS.showLog]: () => log.show(),
  };
  for (const [id, handler] of Object.entries(handlers)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, guard(id, handler, log)));
  }

  // After activation returns: open the progress file (status bar) and load workspace questions.
  const deferred = setTimeout(() => {
    void review.open().catch((e: unknown) => log.error(`Progress could not be opened: ${(e as Error).message}`));
    void bank.bank().then(codeChangedSoon);
    void userQuestions.reload().catch((e: unknown) => log.error(`User questions: ${(e as Error).message}`));
  }, 200);
  context.subscriptions.push({ dispose: () => clearTimeout(deferred) });
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

export async function deactivate(): Promise<void> {
  await reviews?.dispose();
  reviews = undefined;
  log = undefined;
}
