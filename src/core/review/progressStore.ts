// The learner's review history and card states, in one JSON file in the extension's global storage.
// Guarantees: writes are atomic with the previous version kept as .bak; a corrupt file is moved
// aside (never overwritten) and the backup restored; a file from a newer version is never written;
// two windows merge their logs by review id under a lock; writes are batched off the UI path.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Card } from 'ts-fsrs';
import { withLock, writeFileAtomic } from './atomicFile';
import { snapshot, type RatingValue, type Scheduler } from './fsrsScheduler';
import { emptyProgress, mergeReviews, parseProgress, type ProgressData, type ReviewRecord } from './progressFile';

export interface StoreNotice {
  kind: 'restored-from-backup' | 'corrupt-started-fresh' | 'future-version' | 'migrated' | 'write-failed';
  message: string;
  movedTo?: string;
}

export interface StoreOptions {
  /** Batch window for writes; 0 writes on every flush() call only. */
  flushDelayMs?: number;
  now?: () => Date;
  newId?: () => string;
  onNotice?: (n: StoreNotice) => void;
}

export class ProgressStore {
  private data: ProgressData;
  private cards = new Map<string, Card>();
  private dirty = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<() => void>();
  readonly readOnly: boolean;

  private constructor(
    readonly file: string,
    private scheduler: Scheduler,
    data: ProgressData,
    readOnly: boolean,
    private readonly opts: StoreOptions,
  ) {
    this.data = data;
    this.readOnly = readOnly;
    this.recompute();
  }

  static async open(file: string, scheduler: Scheduler, opts: StoreOptions = {}): Promise<{ store: ProgressStore; notices: StoreNotice[] }> {
    const notices: StoreNotice[] = [];
    const now = opts.now ?? (() => new Date());
    const stamp = () => now().toISOString().replace(/[:.]/g, '-');
    let data: ProgressData | undefined;
    let readOnly = false;
    let needsWrite = false;

    const text = await readIfExists(file);
    if (text === undefined) {
      const bak = await readIfExists(`${file}.bak`);
      const parsed = bak === undefined ? undefined : parseProgress(bak);
      if (parsed?.kind === 'ok') {
        data = parsed.data;
        needsWrite = true;
        notices.push({ kind: 'restored-from-backup', message: 'Your progress file was missing; it was restored from the backup.' });
      }
    } else {
      const parsed = parseProgress(text);
      if (parsed.kind === 'ok') {
        data = parsed.data;
        if (parsed.migratedFrom !== undefined) {
          const keep = `${file}.v${parsed.migratedFrom}-${stamp()}.json`;
          await fs.copyFile(file, keep);
          needsWrite = true;
          notices.push({ kind: 'migrated', message: `Your progress file was upgraded from format ${parsed.migratedFrom}; the original is kept at ${keep}.`, movedTo: keep });
        }
      } else if (parsed.kind === 'future') {
        readOnly = true;
        notices.push({
          kind: 'future-version',
          message: `Your progress file was written by a newer GenAI Lens (format ${parsed.version}). It is left untouched; reviews in this window are not saved until you update the extension.`,
        });
      } else {
        const movedTo = `${file}.corrupt-${stamp()}.json`;
        await fs.rename(file, movedTo);
        const bak = await readIfExists(`${file}.bak`);
        const fromBak = bak === undefined ? undefined : parseProgress(bak);
        if (fromBak?.kind === 'ok') {
          data = fromBak.data;
          needsWrite = true;
          notices.push({ kind: 'restored-from-backup', movedTo, message: `Your progress file could not be read (${parsed.reason}). It was moved to ${movedTo} and the previous version was restored from the backup.` });
        } else {
          notices.push({ kind: 'corrupt-started-fresh', movedTo, message: `Your progress file could not be read (${parsed.reason}) and no usable backup exists. It was moved to ${movedTo}; a new one was started.` });
        }
      }
    }
    const store = new ProgressStore(file, scheduler, data ?? emptyProgress(now()), readOnly, opts);
    if (needsWrite) await store.flush();
    for (const n of notices) opts.onNotice?.(n);
    return { store, notices };
  }

  private now(): Date {
    return (this.opts.now ?? (() => new Date()))();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private recompute(): void {
    this.cards = this.scheduler.replay(this.data.reviews);
    this.data.cards = Object.fromEntries([...this.cards].map(([id, c]) => [id, snapshot(c)]));
  }

  /** A new desired retention reschedules every card from the same history. */
  setScheduler(scheduler: Scheduler): void {
    this.scheduler = scheduler;
    this.recompute();
    this.changed();
  }

  getScheduler(): Scheduler {
    return this.scheduler;
  }

  card(itemId: string): Card | undefined {
    return this.cards.get(itemId);
  }

  allCards(): ReadonlyMap<string, Card> {
    return this.cards;
  }

  reviews(): readonly ReviewRecord[] {
    return this.data.reviews;
  }

  record(itemId: string, rating: RatingValue, extra: { at?: Date; durationMs?: number; correct?: boolean } = {}): ReviewRecord {
    const review: ReviewRecord = {
      id: (this.opts.newId ?? randomUUID)(),
      itemId,
      rating,
      at: (extra.at ?? this.now()).toISOString(),
      ...(extra.durationMs !== undefined ? { durationMs: Math.round(extra.durationMs) } : {}),
      ...(extra.correct !== undefined ? { correct: extra.correct } : {}),
    };
    this.data.reviews.push(review);
    const prev = this.cards.get(itemId) ?? this.scheduler.newCard(new Date(review.at));
    const isLatest = this.data.reviews.every((r) => r.at <= review.at);
    if (isLatest) {
      const next = this.scheduler.review(prev, rating, new Date(review.at));
      this.cards.set(itemId, next);
      this.data.cards[itemId] = snapshot(next);
    } else {
      this.data.reviews.sort((a, b) => a.at.localeCompare(b.at));
      this.recompute();
    }
    this.dirty = true;
    this.scheduleFlush();
    this.changed();
    return review;
  }

  private scheduleFlush(): void {
    const delay = this.opts.flushDelayMs ?? 750;
    if (delay <= 0 || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(() => undefined);
    }, delay);
  }

  /** Reads what other windows wrote, merges by review id, and writes atomically under the lock. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.writing = this.writing.then(() => this.doFlush()).catch((e: unknown) => {
      this.opts.onNotice?.({ kind: 'write-failed', message: `Could not save your progress: ${(e as Error).message}. Your reviews are kept in memory and saved on the next write.` });
      throw e;
    });
    return this.writing;
  }

  private async doFlush(): Promise<void> {
    if (this.readOnly) return;
    await withLock(this.file, async () => {
      const before = this.data.reviews.length;
      await this.mergeFromDisk();
      const gained = this.data.reviews.length !== before;
      this.data.updatedAt = this.now().toISOString();
      await writeFileAtomic(this.file, JSON.stringify(this.data), { backup: true });
      this.dirty = false;
      if (gained) this.changed();
    });
  }

  /** Picks up reviews another window saved (e.g. on window focus). */
  async reload(): Promise<void> {
    const before = this.data.reviews.length;
    await this.mergeFromDisk();
    if (this.data.reviews.length !== before) this.changed();
  }

  private async mergeFromDisk(): Promise<void> {
    const text = await readIfExists(this.file);
    if (text === undefined) return;
    const parsed = parseProgress(text);
    if (parsed.kind === 'ok') {
      const merged = mergeReviews(this.data.reviews, parsed.data.reviews);
      if (merged.length !== this.data.reviews.length) {
        this.data.reviews = merged;
        this.recompute();
      }
      if (parsed.data.createdAt < this.data.createdAt) this.data.createdAt = parsed.data.createdAt;
    } else if (parsed.kind === 'corrupt') {
      // Another writer left something unreadable: keep it for inspection, never overwrite it.
      await fs.rename(this.file, `${this.file}.corrupt-${Date.now()}.json`).catch(() => undefined);
    } else {
      throw new Error('the progress file was upgraded by a newer GenAI Lens in another window');
    }
  }

  get hasUnsavedChanges(): boolean {
    return this.dirty;
  }

  exportJson(): string {
    return JSON.stringify(this.data, null, 1);
  }

  /** Merges an exported file; reviews already present (same id) are skipped. */
  async importJson(text: string): Promise<{ added: number; skipped: number }> {
    const parsed = parseProgress(text);
    if (parsed.kind === 'future') throw new Error(`that file is from a newer GenAI Lens (format ${parsed.version})`);
    if (parsed.kind === 'corrupt') throw new Error(`that file is not a GenAI Lens progress export: ${parsed.reason}`);
    const before = this.data.reviews.length;
    this.data.reviews = mergeReviews(this.data.reviews, parsed.data.reviews);
    const added = this.data.reviews.length - before;
    this.recompute();
    this.dirty = true;
    await this.flush();
    this.changed();
    return { added, skipped: parsed.data.reviews.length - added };
  }

  /** Starts over; the old file is kept beside it and its path returned. */
  async reset(): Promise<string> {
    if (this.readOnly) throw new Error('progress is read-only in this window (the file is from a newer version)');
    await this.writing.catch(() => undefined);
    const keep = `${this.file}.reset-${this.now().toISOString().replace(/[:.]/g, '-')}.json`;
    await withLock(this.file, async () => {
      await writeFileAtomic(keep, this.exportJson());
      this.data = emptyProgress(this.now());
      await writeFileAtomic(this.file, JSON.stringify(this.data), { backup: false });
    });
    this.recompute();
    this.changed();
    return keep;
  }

  async dispose(): Promise<void> {
    if (this.dirty) await this.flush().catch(() => undefined);
    this.listeners.clear();
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
