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

/** Status bar refresh: just after the next card falls due or local midnight, within these bounds. */
const STATUS_SLACK_MS = 500;
const STATUS_MIN_MS = 1_000;
const STATUS_MAX_MS = 5 * 60_000;

export class ReviewService implements MasterySource, vscode.Disposable {
  private storePromise?: Promise<ProgressStore>;
  private store?: ProgressStore;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly status: vscode.StatusBarItem;
  private readonly subs: vscode.Disposable[] = [];
  private validItems?: Set<string>;
  private statusTimer?: ReturnType<typeof setTimeout>;
  private disposed = false;

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

  /** Opens the store on first use (never during activation). A failed open is retried by the next call. */
  open(): Promise<ProgressStore> {
    if (!this.storePromise) {
      const opening = this.openStore();
      this.storePromise = opening;
      opening.catch((e: unknown) => {
        if (this.storePromise === opening) this.storePromise = undefined;
        this.log.error(`Progress could not be opened: ${(e as Error).message}`);
      });
    }
    return this.storePromise;
  }

  private async openStore(): Promise<ProgressStore> {
    const file = join(this.storageDir, 'progress.json');
    const { store } = await ProgressStore.open(file, this.scheduler(), { onNotice: (n) => this.notify(n) });
    this.log.info(`Progress loaded from ${file}: ${store.reviews().length} reviews${store.hasUnsavedChanges ? ' (not yet saved)' : ''}`);
    store.onDidChange(() => {
      this.updateStatus();
      this.changed.fire();
    });
    this.store = store;
    this.updateStatus();
    this.changed.fire();
    return store;
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
    if (!this.store || this.disposed) return;
    const now = new Date();
    const n = this.dueNow(now);
    const s = streak(this.store.reviews(), now);
    this.status.text = `$(mortar-board) GenAI: ${n} due${s.current ? ` · $(flame) ${s.current}` : ''}`;
    this.status.tooltip = `${n} GenAI Lens review${n === 1 ? '' : 's'} due. Streak: ${s.current} day${s.current === 1 ? '' : 's'}${s.reviewedToday ? '' : ' (review today to keep it)'}. Click to start.`;
    this.status.accessibilityInformation = { label: `GenAI Lens: ${n} reviews due, streak ${s.current} days` };
    this.status.show();
    this.scheduleStatusRefresh(now);
  }

  /**
   * The count changes by itself when a card falls due and the streak at local midnight: refresh
   * then (and at least every few minutes, which also corrects for sleep and clock changes).
   */
  private scheduleStatusRefresh(now: Date): void {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    if (!this.store) return;
    const t = now.getTime();
    let next = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1).getTime();
    for (const [id, c] of this.store.allCards()) {
      if (this.validItems && !this.validItems.has(id)) continue;
      const due = c.due.getTime();
      if (due > t && due < next) next = due;
    }
    const delay = Math.min(Math.max(next - t + STATUS_SLACK_MS, STATUS_MIN_MS), STATUS_MAX_MS);
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      this.updateStatus();
    }, delay);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.statusTimer) clearTimeout(this.statusTimer);
    this.statusTimer = undefined;
    for (const s of this.subs) s.dispose();
    this.changed.dispose();
    // A store still opening is saved too once it is open.
    const store = this.store ?? (await this.storePromise?.catch(() => undefined));
    await store?.dispose();
  }
}
