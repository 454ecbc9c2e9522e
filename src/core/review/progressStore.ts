// The learner's review history and card states, in one JSON file in the extension's global storage.
// Guarantees: writes are atomic with the previous version kept as .bak; a corrupt file is moved
// aside (never overwritten) and the backup restored; invalid review records are left out one by one
// with the original kept aside; a file from a newer version is never written; two windows merge
// their logs by review id under a lock, and a reset in one window is honoured by the others; writes
// are batched off the UI path, and a failed write is retried by the next one.
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { Card } from 'ts-fsrs';
import { withLock, writeFileAtomic, type LockOptions } from './atomicFile';
import { snapshot, type RatingValue, type Scheduler } from './fsrsScheduler';
import {
  afterReset,
  emptyProgress,
  mergeReviews,
  newerReset,
  parseProgress,
  type ProgressData,
  type ReviewRecord,
} from './progressFile';

export interface StoreNotice {
  kind: 'restored-from-backup' | 'corrupt-started-fresh' | 'future-version' | 'migrated' | 'write-failed' | 'invalid-records-dropped';
  message: string;
  movedTo?: string;
}

export interface StoreOptions {
  /** Batch window for writes; 0 writes on every flush() call only. */
  flushDelayMs?: number;
  now?: () => Date;
  newId?: () => string;
  onNotice?: (n: StoreNotice) => void;
  /** Lock timing; the defaults suit VS Code windows (tests shorten them). */
  lock?: LockOptions;
}

export class ProgressStore {
  private data: ProgressData;
  private cards = new Map<string, Card>();
  private dirty = false;
  /** Bumped on every in-memory change, so a write only marks clean what it actually wrote. */
  private changes = 0;
  /** Set after a failed write until one succeeds: the user is told once, not on every retry. */
  private failing = false;
  private disposed = false;
  /** File text already copied aside by open(), so writing over it does not copy and report it again. */
  private keptAside: string | undefined;
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
    const stamp = () => fileStamp(now());
    let data: ProgressData | undefined;
    let readOnly = false;
    let needsWrite = false;
    const leftOut = (p: { dropped?: number; droppedReason?: string; data: ProgressData }) =>
      `${p.dropped} of ${p.dropped! + p.data.reviews.length} review records were invalid and left out (first problem: ${p.droppedReason}); the other ${p.data.reviews.length} were kept`;
    /** The backup is overwritten by later writes: one with invalid records is kept aside first. */
    const keepBackup = async (p: { dropped?: number; droppedReason?: string; data: ProgressData }): Promise<string> => {
      if (!p.dropped) return '';
      const keep = `${file}.bak.corrupt-${stamp()}.json`;
      await fs.copyFile(`${file}.bak`, keep);
      return ` In the backup, ${leftOut(p)}; the backup as it was is kept at ${keep}.`;
    };

    const text = await readIfExists(file);
    if (text === undefined) {
      const bak = await readIfExists(`${file}.bak`);
      const parsed = bak === undefined ? undefined : parseProgress(bak);
      if (parsed?.kind === 'ok') {
        data = parsed.data;
        needsWrite = true;
        const partly = await keepBackup(parsed);
        notices.push({ kind: 'restored-from-backup', message: `Your progress file was missing; it was restored from the backup.${partly}` });
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
        if (parsed.dropped) {
          // The file is rewritten without the bad records, so the original is kept beside it first.
          const keep = `${file}.corrupt-${stamp()}.json`;
          await fs.copyFile(file, keep);
          needsWrite = true;
          notices.push({
            kind: 'invalid-records-dropped',
            movedTo: keep,
            message: `In your progress file, ${leftOut(parsed)}. The original file is kept at ${keep}.`,
          });
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
          const partly = await keepBackup(fromBak);
          notices.push({ kind: 'restored-from-backup', movedTo, message: `Your progress file could not be read (${parsed.reason}). It was moved to ${movedTo} and the previous version was restored from the backup.${partly}` });
        } else {
          notices.push({ kind: 'corrupt-started-fresh', movedTo, message: `Your progress file could not be read (${parsed.reason}) and no usable backup exists. It was moved to ${movedTo}; a new one was started.` });
        }
      }
    }
    if (data) data.reviews = afterReset(data.reviews, data.reset);
    const store = new ProgressStore(file, scheduler, data ?? emptyProgress(now()), readOnly, opts);
    if (needsWrite && text !== undefined) store.keptAside = text;
    if (needsWrite) {
      // What was restored or migrated lives in memory from here on; failing to write it back now
      // (another window holding the lock, a full disk) must not fail opening: it stays unsaved and
      // the next write saves it.
      store.markChanged();
      await store.save().catch((e: unknown) => {
        store.failing = true;
        notices.push(writeFailed(e));
        store.scheduleFlush();
      });
    }
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

  private markChanged(): void {
    this.dirty = true;
    this.changes++;
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
    let at = extra.at ?? this.now();
    // A review answered before a reset in this window but rated after it belongs to the new history.
    if (this.data.reset && at.getTime() < Date.parse(this.data.reset.at)) at = new Date(this.data.reset.at);
    const review: ReviewRecord = {
      id: (this.opts.newId ?? randomUUID)(),
      itemId,
      rating,
      at: at.toISOString(),
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
    this.markChanged();
    this.scheduleFlush();
    this.changed();
    return review;
  }

  private scheduleFlush(): void {
    const delay = this.opts.flushDelayMs ?? 750;
    if (delay <= 0 || this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().catch(() => undefined);
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /**
   * Reads what other windows wrote, merges by review id, and writes atomically under the lock.
   * A failed write is reported (once until a write succeeds) and retried by the next flush.
   */
  flush(): Promise<void> {
    return this.save().catch((e: unknown) => {
      if (!this.failing) this.opts.onNotice?.(writeFailed(e));
      this.failing = true;
      throw e;
    });
  }

  /** Queues a write after the one in progress, whether that one succeeded or not. */
  private save(): Promise<void> {
    this.clearTimer();
    const run = this.writing.catch(() => undefined).then(() => this.doFlush());
    this.writing = run;
    return run;
  }

  private async doFlush(): Promise<void> {
    if (this.readOnly) return;
    await withLock(
      this.file,
      async () => {
        const gained = await this.mergeFromDisk(true);
        this.data.updatedAt = this.now().toISOString();
        const written = this.changes;
        const text = JSON.stringify(this.data);
        await writeFileAtomic(this.file, text, { backup: true });
        // A review recorded while the write was in flight is not in the file: stay dirty for it.
        if (this.changes === written) this.dirty = false;
        this.failing = false;
        if (gained) this.changed();
      },
      this.opts.lock,
    );
  }

  /** Picks up reviews another window saved (e.g. on window focus). */
  async reload(): Promise<void> {
    if (await this.mergeFromDisk(false)) this.changed();
  }

  /**
   * Merges the file into memory: the union by review id, less everything before the newest reset
   * either side knows of. Returns whether the reviews in memory changed. With `forWrite` the file is
   * about to be replaced, so invalid records in it are first kept aside.
   */
  private async mergeFromDisk(forWrite: boolean): Promise<boolean> {
    const text = await readIfExists(this.file);
    if (text === undefined) return false;
    const parsed = parseProgress(text);
    if (parsed.kind === 'ok') {
      if (parsed.dropped && forWrite && text !== this.keptAside) {
        const keep = `${this.file}.corrupt-${fileStamp(this.now())}.json`;
        await fs.copyFile(this.file, keep);
        this.opts.onNotice?.({
          kind: 'invalid-records-dropped',
          movedTo: keep,
          message: `Your progress file had ${parsed.dropped} invalid review record(s) (first problem: ${parsed.droppedReason}); they were left out and the other reviews merged. The file as it was is kept at ${keep}.`,
        });
      }
      const reset = newerReset(this.data.reset, parsed.data.reset);
      const theirsIsNewer = reset !== this.data.reset;
      const mine = afterReset(this.data.reviews, reset);
      const merged = mergeReviews(mine, afterReset(parsed.data.reviews, reset));
      const differs = mine.length !== this.data.reviews.length || merged.length !== mine.length;
      if (theirsIsNewer) {
        this.data.reset = reset;
        this.data.createdAt = parsed.data.createdAt;
      } else if (parsed.data.createdAt < this.data.createdAt) {
        this.data.createdAt = parsed.data.createdAt;
      }
      if (differs) {
        this.data.reviews = merged;
        this.recompute();
      }
      return differs;
    } else if (parsed.kind === 'corrupt') {
      // Another writer left something unreadable: keep it for inspection, never overwrite it.
      await fs.rename(this.file, `${this.file}.corrupt-${Date.now()}.json`).catch(() => undefined);
      return false;
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

  /** Merges an exported file; reviews already present (same id) are skipped, invalid ones reported. */
  async importJson(text: string): Promise<{ added: number; skipped: number }> {
    const parsed = parseProgress(text);
    if (parsed.kind === 'future') throw new Error(`that file is from a newer GenAI Lens (format ${parsed.version})`);
    if (parsed.kind === 'corrupt') throw new Error(`that file is not a GenAI Lens progress export: ${parsed.reason}`);
    const incoming = parsed.data.reviews;
    if (!this.readOnly && this.data.reset) await this.mergeFromDisk(false).catch(() => false); // the latest reset marker
    const reset = this.data.reset;
    const earliest = incoming.reduce((m, r) => Math.min(m, Date.parse(r.at)), Infinity);
    if (reset && earliest < Date.parse(reset.at)) {
      // Importing history from before a reset brings it back: the cut moves before it, under a newer
      // epoch so other windows adopt the new cut rather than drop the import again.
      this.data.reset = { epoch: reset.epoch + 1, at: new Date(earliest).toISOString() };
    }
    const before = this.data.reviews.length;
    this.data.reviews = mergeReviews(this.data.reviews, incoming);
    const added = this.data.reviews.length - before;
    this.recompute();
    this.markChanged();
    if (parsed.dropped) {
      this.opts.onNotice?.({
        kind: 'invalid-records-dropped',
        message: `${parsed.dropped} review record(s) in the imported file were invalid and not imported (first problem: ${parsed.droppedReason}); the file itself is unchanged.`,
      });
    }
    await this.flush();
    this.changed();
    return { added, skipped: incoming.length - added };
  }

  /**
   * Starts over; the old file is kept beside it and its path returned. The file records when the
   * reset happened, so other windows drop the old reviews they still hold instead of saving them back.
   */
  async reset(): Promise<string> {
    if (this.readOnly) throw new Error('progress is read-only in this window (the file is from a newer version)');
    this.clearTimer();
    await this.writing.catch(() => undefined);
    const now = this.now();
    const keep = `${this.file}.reset-${fileStamp(now)}.json`;
    await withLock(
      this.file,
      async () => {
        // The kept copy holds everything: this window's unsaved reviews and what other windows saved.
        await this.mergeFromDisk(true);
        await writeFileAtomic(keep, this.exportJson());
        // The cut is after every review known here, even one stamped later than this clock.
        const latest = this.data.reviews.reduce((m, r) => Math.max(m, Date.parse(r.at)), now.getTime() - 1);
        const data = emptyProgress(now);
        data.reset = { epoch: (this.data.reset?.epoch ?? 0) + 1, at: new Date(latest + 1).toISOString() };
        await writeFileAtomic(this.file, JSON.stringify(data), { backup: false });
        this.data = data;
        this.changes++;
        this.dirty = false;
      },
      this.opts.lock,
    );
    this.recompute();
    this.changed();
    return keep;
  }

  /** Saves whatever is pending (a batched write, a write in progress, changes made during it). */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.clearTimer();
    await this.writing.catch(() => undefined);
    if (this.dirty && !this.readOnly) await this.flush().catch(() => undefined);
    this.listeners.clear();
  }
}

/** A time as it appears in the names of kept files (no `:` or `.`, which some file systems refuse). */
function fileStamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

function writeFailed(e: unknown): StoreNotice {
  return {
    kind: 'write-failed',
    message: `Could not save your progress: ${(e as Error).message}. Your reviews are kept in memory and saved on the next write.`,
  };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
