// Owns the question bank at run time: the compiled built-in index (dist/content.json, read on first
// use) merged with the user's own questions. Never throws to callers: a broken index is logged
// and shown once, and an empty bank is used instead.
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiCard, Bank, Question, Topic } from '../core/content/types';
import { makeBank, withUserQuestions } from '../core/content/loadBank';

export class BankService implements vscode.Disposable {
  private builtin?: Promise<Bank>;
  private userQuestions: Question[] = [];
  private merged?: Bank;
  private readonly changed = new vscode.EventEmitter<Bank>();
  readonly onDidChange = this.changed.event;
  private byId = new Map<string, Question>();
  private bySymbol = new Map<string, ApiCard>();

  constructor(
    private readonly extensionPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The built-in index plus user questions; loads on first call. */
  async bank(): Promise<Bank> {
    if (this.merged) return this.merged;
    const builtin = await this.loadBuiltin();
    this.merged = this.merge(builtin);
    return this.merged;
  }

  /** Synchronous view for providers that run after the bank has loaded once. */
  peek(): Bank | undefined {
    return this.merged;
  }

  question(id: string): Question | undefined {
    return this.byId.get(id);
  }

  card(symbol: string): ApiCard | undefined {
    return this.bySymbol.get(symbol);
  }

  topic(id: string): Topic | undefined {
    return this.merged?.topics.find((t) => t.id === id);
  }

  /** Merges the user's questions in; listeners hear of it only when the merged bank really changed. */
  async setUserQuestions(questions: Question[]): Promise<void> {
    this.userQuestions = questions;
    const builtin = await this.loadBuiltin();
    const before = this.merged?.hash ?? builtin.hash;
    this.merged = this.merge(builtin);
    if (this.merged.hash !== before) this.changed.fire(this.merged);
  }

  private loadBuiltin(): Promise<Bank> {
    this.builtin ??= (async () => {
      const file = join(this.extensionPath, 'dist', 'content.json');
      const t0 = performance.now();
      try {
        const bank = JSON.parse(await readFile(file, 'utf8')) as Bank;
        if (!Array.isArray(bank.questions) || !Array.isArray(bank.topics)) throw new Error('unexpected shape');
        this.log.info(`Question bank loaded: ${bank.questions.length} questions, ${bank.apis.length} API cards in ${(performance.now() - t0).toFixed(1)} ms`);
        return bank;
      } catch (e) {
        this.log.error(`Could not read the question bank at ${file}: ${(e as Error).message}`);
        void vscode.window.showErrorMessage('GenAI Lens: the question bank could not be loaded; quizzes and search are empty. See the log for details.', 'Show Log').then((c) => {
          if (c) this.log.show();
        });
        return makeBank([], [], [], []);
      }
    })();
    return this.builtin;
  }

  private merge(builtin: Bank): Bank {
    const bank = withUserQuestions(builtin, this.userQuestions);
    this.byId = new Map(bank.questions.map((q) => [q.id, q]));
    this.bySymbol = new Map(bank.apis.map((a) => [a.symbol, a]));
    return bank;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
