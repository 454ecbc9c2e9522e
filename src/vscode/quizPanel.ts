// The quiz webview panel: builds a session, checks answers in the extension (the webview never sees
// which option is right before answering), records ratings in the review store, and restores
// itself after a window reload through a WebviewPanelSerializer.
import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import type { Question, QuizItem } from '../core/content/types';
import { checkAnswer, type FreeTextGrader } from '../core/review/answerCheck';
import { buildSession, type SessionItem, type SessionRequest } from '../core/review/quizSession';
import { cardsInBank, dueForecast } from '../core/review/progressStats';
import type { ClientAnswer, ClientItem, ClientResult, QuizViewState, Rating, SessionSummary, ToWebview } from '../webview/protocol';
import { parseFromWebview } from '../webview/protocol';
import type { BankService } from './bankService';
import { COMMANDS } from './commandIds';
import type { ReviewService } from './reviewService';
import { shownAsData, webviewHtml, webviewOptions } from './webviewHtml';

export const QUIZ_VIEW_TYPE = 'genaiLens.quiz';

export interface QuizDeps {
  extensionUri: vscode.Uri;
  bank: BankService;
  reviews: ReviewService;
  log: vscode.LogOutputChannel;
  gradeFree?: FreeTextGrader;
  /** Ranked question ids for a file's symbols beyond the explicit links (semantic search). */
  relatedForSymbols?: (symbols: string[]) => Promise<string[]>;
  /** Workspace trust; defaults to vscode.workspace.isTrusted. User questions from an untrusted
   *  workspace are shown as data only (no links, no HTML), as in the question view. */
  isTrusted?: () => boolean;
}

export class QuizPanel implements vscode.Disposable {
  private static current: QuizPanel | undefined;
  private state: QuizViewState;
  private request: SessionRequest;
  /** Items whose rating this panel has written to the store (never twice, even if the webview resends). */
  private readonly recorded = new Set<string>();
  /** When each item's rating intervals were previewed (at answer time): its review is recorded at
   *  that same time, because the scheduler's fuzz depends on the review time and the buttons promised
   *  those intervals. */
  private readonly previewedAt = new Map<string, Date>();
  private readonly subs: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly deps: QuizDeps,
    state: QuizViewState,
    request: SessionRequest,
  ) {
    this.state = state;
    this.request = request;
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'quiz', 'GenAI Lens Quiz');
    panel.iconPath = vscode.Uri.joinPath(deps.extensionUri, 'media', 'icon-activity.svg');
    this.subs.push(
      panel.onDidDispose(() => this.dispose()),
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
    );
  }

  static async show(deps: QuizDeps, request: SessionRequest, title: string): Promise<void> {
    const state = await QuizPanel.newState(deps, request, title);
    if (QuizPanel.current) {
      QuizPanel.current.request = request;
      QuizPanel.current.state = state;
      QuizPanel.current.panel.title = `Quiz: ${title}`;
      QuizPanel.current.panel.reveal(vscode.ViewColumn.Beside);
      QuizPanel.current.post({ type: 'quiz', state });
      return;
    }
    const panel = vscode.window.createWebviewPanel(QUIZ_VIEW_TYPE, `Quiz: ${title}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(deps.extensionUri));
    QuizPanel.current = new QuizPanel(panel, deps, state, request);
  }

  static registerSerializer(deps: QuizDeps): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(QUIZ_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel, saved: unknown) => {
        const restored = await QuizPanel.restoreState(deps, saved);
        QuizPanel.current?.panel.dispose();
        QuizPanel.current = new QuizPanel(panel, deps, restored, { mode: 'mixed', size: deps.reviews.settings.sessionSize });
        deps.log.info(`Quiz panel restored at item ${restored.index + 1} of ${restored.items.length}`);
      },
    });
  }

  /** Only item ids and progress are taken from saved webview state; content comes from the bank. */
  private static async restoreState(deps: QuizDeps, saved: unknown): Promise<QuizViewState> {
    const bank = await deps.bank.bank();
    const store = await deps.reviews.open();
    const s = saved as Partial<QuizViewState> | undefined;
    const ids = Array.isArray(s?.items) ? s.items.map((i) => (i as { itemId?: unknown })?.itemId).filter((x): x is string => typeof x === 'string') : [];
    const items: ClientItem[] = [];
    for (const id of ids) {
      const found = findItem(bank.questions, id);
      if (found) items.push(toClient(deps, { question: found.question, item: found.item, reason: 'practice' }));
    }
    if (!items.length) return QuizPanel.newState(deps, { mode: 'mixed', size: deps.reviews.settings.sessionSize }, 'Mixed review');
    const index = Number.isInteger(s?.index) ? Math.min(Math.max(0, s!.index!), items.length) : 0;
    const startedAt = typeof s?.startedAt === 'number' && Number.isFinite(new Date(s.startedAt).getTime()) ? s.startedAt : Date.now();
    return {
      sessionId: typeof s?.sessionId === 'string' ? s.sessionId : randomUUID(),
      title: typeof s?.title === 'string' ? s.title : 'Quiz',
      items,
      index,
      results: isRecord(s?.results) ? (s.results as QuizViewState['results']) : {},
      rated: ratedSince(store.reviews(), items, startedAt),
      startedAt,
      summary: s?.summary,
    };
  }

  private static async newState(deps: QuizDeps, request: SessionRequest, title: string): Promise<QuizViewState> {
    const bank = await deps.bank.bank();
    const store = await deps.reviews.open();
    const related = request.mode === 'apis' && deps.relatedForSymbols ? await deps.relatedForSymbols(request.symbols ?? []).catch(() => []) : [];
    const session = buildSession(bank, request, {
      cards: store.allCards(),
      reviews: store.reviews(),
      newPerDay: deps.reviews.settings.newPerDay,
      now: new Date(),
      relatedForSymbols: () => related,
    });
    return { sessionId: randomUUID(), title, items: session.map((s) => toClient(deps, s)), index: 0, results: {}, rated: {}, startedAt: Date.now() };
  }

  private post(msg: ToWebview): void {
    void this.panel.webview.postMessage(msg);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseFromWebview(raw);
    if (!msg) {
      this.deps.log.warn(`Quiz panel: ignored a message of unknown shape: ${JSON.stringify(raw)?.slice(0, 200)}`);
      this.post({ type: 'error', message: 'The quiz could not read that last request, so nothing was saved from it (details in the GenAI Lens log).' });
      return;
    }
    try {
      switch (msg.type) {
        case 'ready':
          this.post({ type: 'quiz', state: this.state });
          break;
        case 'persist':
          // Only the position is the webview's; what was rated is what this panel recorded. A persist
          // from a session this panel has since replaced is stale.
          if (msg.state.sessionId === this.state.sessionId) this.state = { ...this.state, index: Math.min(msg.state.index, this.state.items.length) };
          break;
        case 'answer':
          await this.answer(msg.itemId, msg.answer);
          break;
        case 'rate':
          await this.rate(msg.itemId, msg.rating, msg.durationMs);
          break;
        case 'finish':
          this.post({ type: 'summary', summary: await this.summary() });
          break;
        case 'newSession': {
          const state = await QuizPanel.newState(this.deps, this.request.mode === 'due' ? { mode: 'mixed', size: this.request.size } : this.request, this.state.title);
          this.state = state;
          this.post({ type: 'quiz', state });
          break;
        }
        case 'openQuestion':
        case 'quizQuestion':
          await vscode.commands.executeCommand(msg.type === 'openQuestion' ? COMMANDS.openQuestion : COMMANDS.startQuiz, msg.type === 'openQuestion' ? msg.id : { mode: 'questions', questionIds: [msg.id] });
          break;
        case 'openApi':
          await vscode.commands.executeCommand(COMMANDS.openQuestion, { symbol: msg.symbol });
          break;
      }
    } catch (e) {
      this.deps.log.error(`Quiz panel: ${(e as Error).stack ?? e}`);
      this.post({ type: 'error', message: `Something went wrong: ${(e as Error).message}` });
    }
  }

  private async answer(itemId: string, answer: ClientAnswer): Promise<void> {
    if (!this.state.items.some((i) => i.itemId === itemId)) return this.deps.log.warn(`Quiz panel: answer for an item not in this session: ${itemId}`);
    const bank = await this.deps.bank.bank();
    const found = findItem(bank.questions, itemId);
    if (!found) return this.post({ type: 'error', message: 'That question is no longer in the bank.' });
    const { item, question } = found;
    if (answer.type !== item.type) return this.deps.log.warn(`Quiz panel: ${answer.type} answer for a ${item.type} item ignored`);
    const r = await checkAnswer(item, answer, this.deps.gradeFree);
    const store = await this.deps.reviews.open();
    const at = new Date();
    const preview = store.getScheduler().preview(store.card(itemId), at);
    const result: ClientResult = {
      itemId,
      correct: r.correct,
      suggested: r.suggested,
      reasons: r.reasons,
      options: optionFeedback(item, answer),
      explanation: explanationOf(item),
      keyPoints: question.keyPoints,
      intervals: { 1: fromNow(preview[1], at), 2: fromNow(preview[2], at), 3: fromNow(preview[3], at), 4: fromNow(preview[4], at) },
    };
    this.previewedAt.set(`${this.state.sessionId}/${itemId}`, at);
    this.state.results[itemId] = result;
    this.post({ type: 'result', result });
  }

  private async rate(itemId: string, rating: Rating, durationMs: number): Promise<void> {
    if (!this.state.results[itemId]) return this.deps.log.warn(`Quiz panel: rating before answering ${itemId} ignored`);
    const key = `${this.state.sessionId}/${itemId}`;
    if (this.recorded.has(key) || this.state.rated[itemId]) return; // already counted (also across a reload)
    this.recorded.add(key);
    const store = await this.deps.reviews.open();
    // At the time the buttons' intervals were computed (now if this panel did not compute them, e.g.
    // after a window reload), so the interval the button showed is the one scheduled.
    const at = this.previewedAt.get(key) ?? new Date();
    store.record(itemId, rating, { at, durationMs, correct: this.state.results[itemId].correct });
    this.state.rated[itemId] = rating;
    this.state.index = Math.min(this.state.items.length, this.state.items.findIndex((i) => i.itemId === itemId) + 1);
  }

  private async summary(): Promise<SessionSummary> {
    const store = await this.deps.reviews.open();
    await store.flush().catch(() => undefined);
    const ratings: Record<Rating, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
    for (const r of Object.values(this.state.rated)) ratings[r]++;
    const answered = Object.keys(this.state.results).length;
    const correct = Object.values(this.state.results).filter((r) => r.correct).length;
    const now = new Date();
    const cards = cardsInBank(await this.deps.bank.bank(), store.allCards());
    const forecast = dueForecast(cards, now, 2);
    const upcoming = [...cards.values()].map((c) => c.due.getTime()).filter((t) => t > now.getTime()).sort((a, b) => a - b);
    const summary: SessionSummary = {
      answered,
      correct,
      durationMs: Date.now() - this.state.startedAt,
      ratings,
      dueNow: this.deps.reviews.dueNow(now),
      dueTomorrow: forecast[1]?.due ?? 0,
      nextDue: upcoming.length ? fromNow(new Date(upcoming[0])) : undefined,
    };
    this.state.summary = summary;
    return summary;
  }

  dispose(): void {
    if (QuizPanel.current === this) QuizPanel.current = undefined;
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}

function isRecord(v: unknown): v is Record<string, never> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function findItem(questions: readonly Question[], itemId: string): { question: Question; item: QuizItem } | undefined {
  const qid = itemId.slice(0, itemId.lastIndexOf('#'));
  const question = questions.find((q) => q.id === qid);
  const item = question?.quiz.find((i) => i.id === itemId);
  return question && item ? { question, item } : undefined;
}

/** The ratings the store holds for this session's items since it started (the host's record, not the webview's). */
function ratedSince(reviews: readonly { itemId: string; rating: Rating; at: string }[], items: readonly ClientItem[], startedAt: number): QuizViewState['rated'] {
  const ids = new Set(items.map((i) => i.itemId));
  const since = new Date(startedAt).toISOString();
  const latest = new Map<string, { rating: Rating; at: string }>();
  for (const r of reviews) {
    if (ids.has(r.itemId) && r.at >= since && !(r.at < (latest.get(r.itemId)?.at ?? ''))) latest.set(r.itemId, r);
  }
  return Object.fromEntries([...latest].map(([id, r]) => [id, r.rating]));
}

function toClient(deps: QuizDeps, s: SessionItem): ClientItem {
  const { question, item } = s;
  const trusted = deps.isTrusted ? deps.isTrusted() : vscode.workspace.isTrusted;
  return {
    itemId: item.id,
    questionId: question.id,
    questionTitle: question.title,
    topicTitle: deps.bank.topic(question.topic)?.title ?? question.topic,
    difficulty: question.difficulty,
    type: item.type,
    prompt: item.prompt,
    options: item.type === 'mcq' || item.type === 'multi' ? item.options.map((o) => o.text) : undefined,
    reason: s.reason,
    restricted: shownAsData(question, trusted),
  };
}

function optionFeedback(item: QuizItem, answer: ClientAnswer): ClientResult['options'] {
  if (item.type === 'mcq' || item.type === 'multi') {
    const chosen = new Set(answer.type === 'mcq' ? [answer.choice] : answer.type === 'multi' ? answer.choices : []);
    return item.options.map((o, i) => ({ text: o.text, correct: o.correct, chosen: chosen.has(i), explanation: o.explanation }));
  }
  if (item.type === 'truefalse' && answer.type === 'truefalse') {
    return [true, false].map((v) => ({ text: v ? 'True' : 'False', correct: item.answer === v, chosen: answer.value === v, explanation: item.explanation }));
  }
  return undefined;
}

function explanationOf(item: QuizItem): string {
  switch (item.type) {
    case 'mcq':
    case 'multi':
      return item.type === 'mcq' ? `The answer is **${item.options.find((o) => o.correct)?.text ?? ''}**.` : `Correct options: ${item.options.filter((o) => o.correct).map((o) => `**${o.text}**`).join(', ')}.`;
    case 'truefalse':
      return `**${item.answer ? 'True' : 'False'}.** ${item.explanation}`;
    case 'cloze':
      return `Accepted: ${item.answers.map((a) => `**${a}**`).join(', ')}. ${item.explanation}`;
    case 'free':
      return `**A model answer:** ${item.modelAnswer}`;
  }
}

export function fromNow(d: Date, now = new Date()): string {
  const mins = Math.max(1, Math.round((d.getTime() - now.getTime()) / 60000));
  if (mins < 60) return `${mins} min`;
  const hours = Math.round(mins / 60);
  if (hours < 24) return `${hours} h`;
  const days = Math.round(hours / 24);
  if (days < 31) return `${days} d`;
  const months = Math.round(days / 30);
  return months < 12 ? `${months} mo` : `${(days / 365).toFixed(1)} y`;
}
