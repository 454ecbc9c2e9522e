// The question view / API card view and the progress view: two webview panels that render what the
// extension sends and restore themselves after a reload.
import * as vscode from 'vscode';
import { cardsInBank, dueForecast, questionMastery, retentionByTopic, reviewsPerDay, streak } from '../core/review/progressStats';
import { localDay } from '../core/review/quizSession';
import type { ApiCardViewModel, QuestionViewModel, ToWebview } from '../webview/protocol';
import { parseFromWebview } from '../webview/protocol';
import type { BankService } from './bankService';
import { COMMANDS } from './commandIds';
import type { ReviewService } from './reviewService';
import { shownAsData, webviewHtml, webviewOptions } from './webviewHtml';

export const QUESTION_VIEW_TYPE = 'genaiLens.question';
export const PROGRESS_VIEW_TYPE = 'genaiLens.progress';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  bank: BankService;
  reviews: ReviewService;
  log: vscode.LogOutputChannel;
  isTrusted: () => boolean;
}

type Shown = { kind: 'question'; id: string } | { kind: 'api'; symbol: string; interpreted?: string[] };

export class QuestionPanel {
  private static current: QuestionPanel | undefined;
  private shown: Shown;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
    shown: Shown,
  ) {
    this.shown = shown;
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'question', 'GenAI Lens');
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon-activity.svg');
    panel.onDidDispose(() => {
      if (QuestionPanel.current === this) QuestionPanel.current = undefined;
    });
    panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw));
  }

  static async show(deps: PanelDeps, shown: Shown): Promise<void> {
    const bank = await deps.bank.bank();
    const title = shown.kind === 'question' ? bank.questions.find((q) => q.id === shown.id)?.title : deps.bank.card(shown.symbol)?.title;
    if (!title) {
      void vscode.window.showWarningMessage(`GenAI Lens: ${shown.kind === 'question' ? `no question "${shown.id}"` : `no card for ${shown.symbol}`} in the bank.`);
      return;
    }
    if (QuestionPanel.current) {
      QuestionPanel.current.shown = shown;
      QuestionPanel.current.panel.title = truncate(title);
      QuestionPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
      await QuestionPanel.current.send();
      return;
    }
    const panel = vscode.window.createWebviewPanel(QUESTION_VIEW_TYPE, truncate(title), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, webviewOptions(deps.extensionUri));
    QuestionPanel.current = new QuestionPanel(panel, deps, shown);
  }

  static registerSerializer(deps: PanelDeps): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(QUESTION_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, saved: unknown) => {
        const s = saved as { kind?: string; model?: { id?: unknown; symbol?: unknown } } | undefined;
        const shown: Shown =
          s?.kind === 'api' && typeof s.model?.symbol === 'string'
            ? { kind: 'api', symbol: s.model.symbol }
            : { kind: 'question', id: typeof s?.model?.id === 'string' ? s.model.id : '' };
        QuestionPanel.current?.panel.dispose();
        QuestionPanel.current = new QuestionPanel(panel, deps, shown);
      },
    });
  }

  private async send(): Promise<void> {
    const msg = await this.model();
    void this.panel.webview.postMessage(msg);
  }

  private async model(): Promise<ToWebview> {
    const bank = await this.deps.bank.bank();
    const titleOf = (id: string) => bank.questions.find((q) => q.id === id)?.title;
    if (this.shown.kind === 'question') {
      const id = this.shown.id;
      const q = bank.questions.find((x) => x.id === id);
      if (!q) return { type: 'error', message: `The question "${id}" is no longer in the bank.` };
      const store = this.deps.reviews.peek();
      const model: QuestionViewModel = {
        id: q.id,
        title: q.title,
        topic: q.topic,
        topicTitle: this.deps.bank.topic(q.topic)?.title ?? q.topic,
        difficulty: q.difficulty,
        body: q.body,
        keyPoints: q.keyPoints,
        apis: q.apis.map((s) => ({ symbol: s, title: this.deps.bank.card(s)?.title ?? s })),
        related: q.related.map((r) => ({ id: r, title: titleOf(r) ?? r })),
        mastery: store ? questionMastery(q, store.allCards(), store.getScheduler(), new Date()).mastery : undefined,
        restricted: shownAsData(q, this.deps.isTrusted()),
      };
      return { type: 'question', model };
    }
    const card = this.deps.bank.card(this.shown.symbol);
    if (!card) return { type: 'error', message: `No card for ${this.shown.symbol}.` };
    const model: ApiCardViewModel = {
      symbol: card.symbol,
      title: card.title,
      body: card.body,
      summary: card.summary,
      params: card.params,
      pitfalls: card.pitfalls,
      legacy: card.legacy,
      questions: card.questions.map((id) => ({ id, title: titleOf(id) ?? id })),
      interpreted: this.shown.interpreted,
    };
    return { type: 'apiCard', model };
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseFromWebview(raw);
    if (!msg) return this.deps.log.warn(`Question view: ignored a message of unknown shape: ${JSON.stringify(raw)?.slice(0, 200)}`);
    switch (msg.type) {
      case 'ready':
        return this.send();
      case 'openQuestion':
        this.shown = { kind: 'question', id: msg.id };
        this.panel.title = truncate((await this.deps.bank.bank()).questions.find((q) => q.id === msg.id)?.title ?? msg.id);
        return this.send();
      case 'openApi':
        this.shown = { kind: 'api', symbol: msg.symbol };
        this.panel.title = truncate(this.deps.bank.card(msg.symbol)?.title ?? msg.symbol);
        return this.send();
      case 'quizQuestion':
        await vscode.commands.executeCommand(COMMANDS.startQuiz, { mode: 'questions', questionIds: [msg.id] });
        return;
      default:
        this.deps.log.warn(`Question view: unexpected message ${msg.type}`);
    }
  }
}

export class ProgressPanel {
  private static current: ProgressPanel | undefined;
  private readonly subs: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: PanelDeps,
  ) {
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'progress', 'GenAI Lens Progress');
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon-activity.svg');
    this.subs.push(
      panel.onDidDispose(() => {
        if (ProgressPanel.current === this) ProgressPanel.current = undefined;
        for (const s of this.subs) s.dispose();
      }),
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseFromWebview(raw);
        if (msg?.type === 'ready') void this.send();
        else if (!msg) deps.log.warn('Progress view: ignored a message of unknown shape');
      }),
      deps.reviews.onDidChange(() => void this.send()),
    );
  }

  static show(deps: PanelDeps): void {
    if (ProgressPanel.current) {
      ProgressPanel.current.panel.reveal();
      void ProgressPanel.current.send();
      return;
    }
    const panel = vscode.window.createWebviewPanel(PROGRESS_VIEW_TYPE, 'GenAI Lens Progress', vscode.ViewColumn.Active, webviewOptions(deps.extensionUri));
    ProgressPanel.current = new ProgressPanel(panel, deps);
  }

  static registerSerializer(deps: PanelDeps): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(PROGRESS_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        ProgressPanel.current?.panel.dispose();
        ProgressPanel.current = new ProgressPanel(panel, deps);
      },
    });
  }

  private async send(): Promise<void> {
    const bank = await this.deps.bank.bank();
    const store = await this.deps.reviews.open();
    const now = new Date();
    const reviews = store.reviews();
    const cards = cardsInBank(bank, store.allCards());
    const items = bank.questions.reduce((n, q) => n + q.quiz.length, 0);
    void this.panel.webview.postMessage({
      type: 'progress',
      model: {
        today: localDay(now),
        perDay: reviewsPerDay(reviews),
        streak: streak(reviews, now),
        retention: retentionByTopic(bank, reviews),
        forecast: dueForecast(cards, now, 30),
        totals: { reviews: reviews.length, items, seenItems: cards.size, due: this.deps.reviews.dueNow(now) },
      },
    } satisfies ToWebview);
  }
}

function truncate(s: string): string {
  return s.length > 48 ? `${s.slice(0, 47)}…` : s;
}
