// Owns the progress store for this window: opens it lazily from global storage, reports recovery
// notices to the user, keeps the "GenAI: N due" status bar item current, and reloads what other
// windows saved when this window regains focus.
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { Question } from '../core/content/types';
import { Scheduler } from '../core/review/fsrsScheduler';
import { ProgressStore, type StoreNotice } from '../core/review/progressStore';
import { dueCount } from '../core/review/quizSession';
import { questionMastery, streak } from '../core/review/progressStats';
import type { BankService } from './bankService';
import { COMMANDS } from './commandIds';
import type { LensConfig } from './config';
import type { MasterySource, QuestionStats } from './topicTree';

export class ReviewService implements MasterySource, vscode.Disposable {
  private storePromise?: Promise<ProgressStore>;
  private store?: ProgressStore;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly status: vscode.StatusBarItem;
  private readonly subs: vscode.Disposable[] = [];
  private validItems?: Set<string>;

  constructor(
    private readonly storageDir: string,
    private readonly bank: BankService,
    private config: LensConfig,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.status = vscode.window.createStatusBarItem('genaiLens.due', vscode.StatusBarAlignment.Right, 90);
    this.status.name = 'GenAI Lens reviews due';
    this.status.command = { command: COMMANDS.startQuiz, title: 'Start due review', arguments: [{ mode: 'due' }] };
    this.subs.push(
      this.status,
      vscode.window.onDidChangeWindowState((s) => {
        if (s.focused && this.store) void this.store.reload().catch((e: unknown) => this.log.warn(`reload failed: ${(e as Error).message}`));
      }),
      bank.onDidChange(() => {
        this.validItems = undefined;
        this.updateStatus();
      }),
    );
  }

  /** Opens the store on first use (never during activation). */
  open(): Promise<ProgressStore> {
    this.storePromise ??= (async () => {
      const file = join(this.storageDir, 'progress.json');
      const { store } = await ProgressStore.open(file, this.scheduler(), { onNotice: (n) => this.notify(n) });
      this.log.info(`Progress loaded from ${file}: ${store.reviews().length} reviews`);
      store.onDidChange(() => {
        this.updateStatus();
        this.changed.fire();
      });
      this.store = store;
      this.updateStatus();
      this.changed.fire();
      return store;
    })();
    return this.storePromise;
  }

  peek(): ProgressStore | undefined {
    return this.store;
  }

  scheduler(): Scheduler {
    return new Scheduler({ desiredRetention: this.config.desiredRetention, fuzz: true });
  }

  updateConfig(config: LensConfig): void {
    const retentionChanged = config.desiredRetention !== this.config.desiredRetention;
    this.config = config;
    if (retentionChanged && this.store) this.store.setScheduler(this.scheduler());
  }

  get settings(): LensConfig {
    return this.config;
  }

  private notify(n: StoreNotice): void {
    const level = n.kind === 'migrated' ? 'info' : 'warn';
    this.log[level](`Progress: ${n.message}`);
    const show = n.kind === 'migrated' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(`GenAI Lens: ${n.message}`, 'Show Log').then((c) => {
      if (c) this.log.show();
    });
  }

  statsFor(question: Question, now: Date): QuestionStats {
    if (!this.store) return { due: 0, seen: false };
    return questionMastery(question, this.store.allCards(), this.store.getScheduler(), now);
  }

  dueNow(now = new Date()): number {
    if (!this.store) return 0;
    const bank = this.bank.peek();
    if (bank && !this.validItems) this.validItems = new Set(bank.questions.flatMap((q) => q.quiz.map((i) => i.id)));
    return dueCount(this.store.allCards(), now, this.validItems);
  }

  updateStatus(): void {
    if (!this.store) return;
    const n = this.dueNow();
    const s = streak(this.store.reviews(), new Date());
    this.status.text = `$(mortar-board) GenAI: ${n} due${s.current ? ` · $(flame) ${s.current}` : ''}`;
    this.status.tooltip = `${n} GenAI Lens review${n === 1 ? '' : 's'} due. Streak: ${s.current} day${s.current === 1 ? '' : 's'}${s.reviewedToday ? '' : ' (review today to keep it)'}. Click to start.`;
    this.status.accessibilityInformation = { label: `GenAI Lens: ${n} reviews due, streak ${s.current} days` };
    this.status.show();
  }

  async dispose(): Promise<void> {
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
    await this.store?.dispose();
  }
}
