// What "Start Quiz" and friends ask and do. Arguments may come from command links (hovers,
// CodeLens, tree items), so each one is validated before use.
import * as vscode from 'vscode';
import type { Difficulty } from '../core/content/types';
import { parseSessionArg } from './quizArgs';
import type { SessionRequest } from '../core/review/quizSession';
import type { BankService } from './bankService';
import { QuizPanel, type QuizDeps } from './quizPanel';
import type { ReviewService } from './reviewService';

const DIFFICULTIES: Difficulty[] = ['easy', 'medium', 'hard'];

export function sessionTitle(req: SessionRequest, bank: BankService): string {
  switch (req.mode) {
    case 'due':
      return 'Due reviews';
    case 'new':
      return 'New questions';
    case 'mixed':
      return 'Mixed session';
    case 'topic':
      return bank.topic(req.topic!)?.title ?? req.topic!;
    case 'difficulty':
      return `${req.difficulty} questions`;
    case 'apis':
      return req.symbols!.length === 1 ? req.symbols![0] : 'This file’s APIs';
    case 'questions':
      return req.questionIds!.length === 1 ? (bank.question(req.questionIds![0])?.title ?? 'Question') : 'Selected questions';
  }
}

/** "GenAI Lens: Start Quiz": with a valid argument it starts at once, otherwise it asks. */
export async function startQuiz(deps: QuizDeps & { reviews: ReviewService; fileSymbols: () => Promise<string[]> }, arg?: unknown): Promise<void> {
  const size = deps.reviews.settings.sessionSize;
  let req = parseSessionArg(arg, size);
  if (arg !== undefined && !req && !(arg instanceof vscode.Uri)) deps.log.warn(`Start Quiz: ignored an argument of unknown shape: ${JSON.stringify(arg)?.slice(0, 200)}`);
  if (!req) req = await pickSession(deps, size);
  if (!req) return;
  await QuizPanel.show(deps, req, sessionTitle(req, deps.bank));
}

async function pickSession(deps: QuizDeps & { reviews: ReviewService; fileSymbols: () => Promise<string[]> }, size: number): Promise<SessionRequest | undefined> {
  const bank = await deps.bank.bank();
  await deps.reviews.open();
  const due = deps.reviews.dueNow();
  type Pick = vscode.QuickPickItem & { req?: SessionRequest; next?: 'topic' | 'difficulty' | 'file' };
  const items: Pick[] = [
    { label: '$(history) Due reviews', description: `${due} due now`, req: { mode: 'due', size: Math.max(size, due) } },
    { label: `$(mortar-board) Mixed session of ${size}`, description: 'due items first, then new ones', req: { mode: 'mixed', size } },
    { label: '$(sparkle) New questions', description: 'only questions you have not seen', req: { mode: 'new', size } },
    { label: '$(book) By topic…', next: 'topic' },
    { label: '$(dashboard) By difficulty…', next: 'difficulty' },
    { label: '$(code) This file’s APIs', description: 'questions about the library calls in the active editor', next: 'file' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: 'GenAI Lens: what do you want to practise?', placeHolder: 'Choose a session' });
  if (!choice) return undefined;
  if (choice.req) return choice.req;
  if (choice.next === 'topic') {
    const t = await vscode.window.showQuickPick(
      bank.topics.map((topic) => ({ label: topic.title, description: `${bank.questions.filter((q) => q.topic === topic.id).length} questions`, detail: topic.summary, topic: topic.id })),
      { title: 'Quiz on which topic?', matchOnDetail: true },
    );
    return t ? { mode: 'topic', topic: t.topic, size } : undefined;
  }
  if (choice.next === 'difficulty') {
    const d = await vscode.window.showQuickPick(DIFFICULTIES.map((x) => ({ label: x })), { title: 'Which difficulty?' });
    return d ? { mode: 'difficulty', difficulty: d.label as Difficulty, size } : undefined;
  }
  const symbols = await deps.fileSymbols();
  if (!symbols.length) {
    void vscode.window.showInformationMessage('GenAI Lens: no recognised GenAI library calls in the active editor.');
    return undefined;
  }
  return { mode: 'apis', symbols, size };
}
