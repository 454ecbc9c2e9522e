import { describe, expect, it, beforeEach, afterEach, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, readdirSync, existsSync, mkdirSync, rmSync, statSync, promises as fsp } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fsrs, createEmptyCard, Rating, type Grade } from 'ts-fsrs';
import { Scheduler } from '../../src/core/review/fsrsScheduler';
import { ProgressStore } from '../../src/core/review/progressStore';
import { parseProgress, PROGRESS_SCHEMA_VERSION } from '../../src/core/review/progressFile';
import { withLock } from '../../src/core/review/atomicFile';

const T0 = new Date('2026-03-01T09:00:00Z');
const sched = () => new Scheduler({ desiredRetention: 0.9, fuzz: false });
let dir: string;
let file: string;
let ids = 0;
const opts = (extra = {}) => ({ flushDelayMs: 0, newId: () => `r${++ids}`, now: () => T0, ...extra });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lens-store-'));
  file = join(dir, 'progress.json');
});

describe('FSRS scheduling', () => {
  it('replaying a log gives the same cards as ts-fsrs applied review by review', () => {
    const f = fsrs({ request_retention: 0.9, enable_fuzz: false, enable_short_term: true, learning_steps: ['1m', '10m'], relearning_steps: ['10m'] });
    const ratings: Grade[] = [Rating.Good, Rating.Good, Rating.Again, Rating.Hard, Rating.Easy];
    let card = createEmptyCard(T0);
    let at = T0;
    const events = [];
    for (const r of ratings) {
      card = f.next(card, at, r).card;
      events.push({ itemId: 'q#0', rating: r as 1 | 2 | 3 | 4, at: at.toISOString() });
      at = new Date(card.due.getTime() + 60_000);
    }
    const replayed = sched().replay(events.reverse()).get('q#0')!;
    expect(replayed.due.toISOString()).toBe(card.due.toISOString());
    expect(replayed.stability).toBeCloseTo(card.stability, 10);
    expect(replayed.difficulty).toBeCloseTo(card.difficulty, 10);
    expect(replayed.lapses).toBe(1);
  });

  it('a higher desired retention schedules the next review sooner', () => {
    const events = [
      { itemId: 'a', rating: 3 as const, at: T0.toISOString() },
      { itemId: 'a', rating: 3 as const, at: new Date(T0.getTime() + 11 * 60_000).toISOString() },
      { itemId: 'a', rating: 3 as const, at: new Date(T0.getTime() + 3 * 86_400_000).toISOString() },
    ];
    const lax = new Scheduler({ desiredRetention: 0.8, fuzz: false }).replay(events).get('a')!;
    const strict = new Scheduler({ desiredRetention: 0.97, fuzz: false }).replay(events).get('a')!;
    expect(strict.due.getTime()).toBeLessThan(lax.due.getTime());
  });
});

describe('ProgressStore', () => {
  it('persists reviews and card states atomically, keeping the previous version as .bak', async () => {
    const { store } = await ProgressStore.open(file, sched(), opts());
    store.record('q#0', 3);
    await store.flush();
    store.record('q#1', 1);
    await store.flush();
    const saved = parseProgress(readFileSync(file, 'utf8'));
    expect(saved.kind).toBe('ok');
    if (saved.kind !== 'ok') return;
    expect(saved.data.reviews.map((r) => r.itemId)).toEqual(['q#0', 'q#1']);
    expect(saved.data.cards['q#0'].state).toBe('learning');
    const bak = parseProgress(readFileSync(`${file}.bak`, 'utf8'));
    expect(bak.kind === 'ok' && bak.data.reviews.length).toBe(1);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock'))).toEqual([]);
  });

  it('moves a truncated file aside, restores the backup and says so', async () => {
    const { store } = await ProgressStore.open(file, sched(), opts());
    store.record('q#0', 3);
    await store.flush();
    store.record('q#0', 3, { at: new Date(T0.getTime() + 600_000) });
    await store.flush();
    const full = readFileSync(file, 'utf8');
    writeFileSync(file, full.slice(0, Math.floor(full.length / 2)));
    const { store: reopened, notices } = await ProgressStore.open(file, sched(), opts());
    expect(notices.map((n) => n.kind)).toEqual(['restored-from-backup']);
    expect(reopened.reviews()).toHaveLength(1);
    const moved = readdirSync(dir).find((f) => f.includes('.corrupt-'));
    expect(moved).toBeDefined();
    expect(readFileSync(join(dir, moved!), 'utf8')).toBe(full.slice(0, Math.floor(full.length / 2)));
  });

  it('treats JSON of the wrong shape as corrupt and never overwrites it', async () => {
    writeFileSync(file, JSON.stringify({ schemaVersion: 2, reviews: 'oops' }));
    const { store, notices } = await ProgressStore.open(file, sched(), opts());
    expect(notices[0].kind).toBe('corrupt-started-fresh');
    expect(notices[0].message).toMatch(/moved to/);
    expect(store.reviews()).toHaveLength(0);
    const moved = readdirSync(dir).find((f) => f.includes('.corrupt-'))!;
    expect(JSON.parse(readFileSync(join(dir, moved), 'utf8')).reviews).toBe('oops');
  });

  it('leaves a file from a newer version untouched and works read-only', async () => {
    const future = JSON.stringify({ schemaVersion: PROGRESS_SCHEMA_VERSION + 1, somethingNew: [1, 2, 3] });
    writeFileSync(file, future);
    const { store, notices } = await ProgressStore.open(file, sched(), opts());
    expect(store.readOnly).toBe(true);
    expect(notices[0].kind).toBe('future-version');
    store.record('q#0', 3);
    await store.flush();
    expect(readFileSync(file, 'utf8')).toBe(future);
  });

  it('migrates a version 1 file and keeps the original', async () => {
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, reviews: [['q#0', 3, T0.getTime()], ['q#0', 3, T0.getTime() + 700_000]] }));
    const { store, notices } = await ProgressStore.open(file, sched(), opts());
    expect(notices[0].kind).toBe('migrated');
    expect(store.reviews()).toHaveLength(2);
    expect(store.card('q#0')?.reps).toBe(2);
    expect(existsSync(notices[0].movedTo!)).toBe(true);
    const saved = parseProgress(readFileSync(file, 'utf8'));
    expect(saved.kind === 'ok' && saved.data.schemaVersion).toBe(2);
  });

  it('two windows writing the same file keep each other’s reviews', async () => {
    const a = (await ProgressStore.open(file, sched(), opts({ newId: () => `a${++ids}` }))).store;
    const b = (await ProgressStore.open(file, sched(), opts({ newId: () => `b${++ids}` }))).store;
    a.record('q#0', 3);
    b.record('q#1', 4);
    a.record('q#2', 1);
    await Promise.all([a.flush(), b.flush()]);
    await a.flush();
    const saved = parseProgress(readFileSync(file, 'utf8'));
    expect(saved.kind === 'ok' && saved.data.reviews.map((r) => r.itemId).sort()).toEqual(['q#0', 'q#1', 'q#2']);
    expect(a.reviews()).toHaveLength(3);
  });

  it('export then import into a fresh store round-trips, and a second import adds nothing', async () => {
    const { store } = await ProgressStore.open(file, sched(), opts());
    store.record('q#0', 3);
    store.record('q#1', 2, { at: new Date(T0.getTime() + 1000) });
    const exported = store.exportJson();
    const other = (await ProgressStore.open(join(dir, 'other.json'), sched(), opts())).store;
    expect(await other.importJson(exported)).toEqual({ added: 2, skipped: 0 });
    expect(await other.importJson(exported)).toEqual({ added: 0, skipped: 2 });
    expect(other.card('q#1')?.due.toISOString()).toBe(store.card('q#1')?.due.toISOString());
    await expect(other.importJson('{"hello": 1}')).rejects.toThrow(/not a GenAI Lens progress export/);
  });

  it('reset keeps the old history in a file beside it', async () => {
    const { store } = await ProgressStore.open(file, sched(), opts());
    store.record('q#0', 3);
    await store.flush();
    const kept = await store.reset();
    expect(store.reviews()).toHaveLength(0);
    const old = parseProgress(readFileSync(kept, 'utf8'));
    expect(old.kind === 'ok' && old.data.reviews).toHaveLength(1);
  });

  it('a process killed in the middle of writes never leaves a partial progress file', async () => {
    const { store } = await ProgressStore.open(file, sched(), opts());
    store.record('seed#0', 3);
    await store.flush();
    const script = `
      const { writeFileAtomic } = require(${JSON.stringify(join(__dirname, '../../src/core/review/atomicFile.ts'))});
      const big = JSON.stringify({ schemaVersion: 2, createdAt: 'x', updatedAt: 'x', cards: {}, reviews: Array.from({ length: 40000 }, (_, i) => ({ id: 'k' + i, itemId: 'q#0', rating: 3, at: new Date(1e12 + i).toISOString() })) });
      (async () => { for (;;) await writeFileAtomic(${JSON.stringify(file)}, big, { backup: true }); })();
    `;
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], { stdio: 'ignore' });
      // Wait until the child is writing full payloads, then kill it at an arbitrary moment.
      const started = Date.now();
      while (readFileSync(file, 'utf8').length < 1_000_000 && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 20));
      await new Promise((r) => setTimeout(r, 13 + round * 37));
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const parsed = parseProgress(readFileSync(file, 'utf8'));
      expect(parsed.kind).toBe('ok');
    }
    // The child really was writing: the file now holds its payload, whole.
    const last = parseProgress(readFileSync(file, 'utf8'));
    expect(last.kind === 'ok' && last.data.reviews.length).toBe(40000);
  });
});

const onDisk = () => {
  const p = parseProgress(readFileSync(file, 'utf8'));
  if (p.kind !== 'ok') throw new Error(`progress file is ${p.kind}`);
  return p.data;
};
/** A clock that moves one second per reading, like real time between separate actions. */
const ticking = () => {
  let t = T0.getTime();
  return () => new Date((t += 1000));
};

describe('ProgressStore failure handling', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a failed write does not stick: the next flush retries and saves everything', async () => {
    const notices: string[] = [];
    const { store } = await ProgressStore.open(file, sched(), opts({ onNotice: (n: { kind: string }) => notices.push(n.kind) }));
    store.record('q#0', 3);
    await store.flush();
    mkdirSync(`${file}.bak`); // the backup path is briefly unusable (stands in for EBUSY, ENOSPC, a lock timeout)
    store.record('q#1', 3);
    await expect(store.flush()).rejects.toThrow();
    rmSync(`${file}.bak`, { recursive: true });
    store.record('q#2', 3);
    await store.flush();
    expect(onDisk().reviews.map((r) => r.itemId)).toEqual(['q#0', 'q#1', 'q#2']);
    expect(store.hasUnsavedChanges).toBe(false);
    expect(notices).toEqual(['write-failed']);
  });

  it('a lock left by a crashed window is outwaited and removed instead of failing the save', async () => {
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 99999, at: Date.now() }));
    let t = Date.now();
    const start = t;
    const result = await withLock(file, async () => 'saved', { now: () => t, sleep: async (ms) => void (t += ms) });
    expect(result).toBe('saved');
    expect(t - start).toBeGreaterThan(15_000); // the lock's abandonment age
    expect(existsSync(`${file}.lock`)).toBe(false);
    // A live holder is still waited for only as long as asked.
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, at: Date.now() }));
    t = Date.now();
    await expect(withLock(file, async () => 'saved', { timeoutMs: 1000, now: () => t, sleep: async (ms) => void (t += ms) })).rejects.toThrow(/could not lock/);
  });

  it('a lock whose owner process on this machine is gone is taken over at once', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => child.once('exit', r));
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: child.pid, host: hostname(), at: Date.now() }));
    const { store } = await ProgressStore.open(file, sched(), opts());
    store.record('q#0', 3);
    const started = Date.now();
    await store.flush();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(onDisk().reviews).toHaveLength(1);
  });

  it('opening still succeeds when a migrated or restored file cannot be written back, and saves it later', async () => {
    writeFileSync(file, JSON.stringify({ schemaVersion: 1, reviews: [['q#0', 3, T0.getTime()], ['q#0', 3, T0.getTime() + 700_000]] }));
    mkdirSync(`${file}.bak`); // the write-back fails
    const seen: string[] = [];
    const { store, notices } = await ProgressStore.open(file, sched(), opts({ onNotice: (n: { kind: string }) => seen.push(n.kind) }));
    expect(notices.map((n) => n.kind)).toEqual(['migrated', 'write-failed']);
    expect(seen).toEqual(['migrated', 'write-failed']);
    expect(store.reviews()).toHaveLength(2);
    expect(store.hasUnsavedChanges).toBe(true);
    rmSync(`${file}.bak`, { recursive: true });
    await store.dispose();
    expect(onDisk().schemaVersion).toBe(2);
    expect(onDisk().reviews).toHaveLength(2);
  });

  it('a review recorded while a write is in flight is not marked saved, and dispose writes it', async () => {
    const { store } = await ProgressStore.open(file, sched(), opts());
    store.record('q#0', 3);
    const rename = fsp.rename.bind(fsp);
    let once = true;
    vi.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
      if (once && to === file) {
        once = false;
        store.record('q#1', 3); // rated between serialising and the rename
      }
      return rename(from, to);
    });
    await store.flush();
    expect(onDisk().reviews.map((r) => r.itemId)).toEqual(['q#0']);
    expect(store.hasUnsavedChanges).toBe(true);
    await store.dispose();
    expect(onDisk().reviews.map((r) => r.itemId)).toEqual(['q#0', 'q#1']);
  });

  it('dispose waits for a batched write that has not started yet', async () => {
    const { store } = await ProgressStore.open(file, sched(), opts({ flushDelayMs: 60_000 }));
    store.record('q#0', 3);
    await store.dispose();
    expect(onDisk().reviews).toHaveLength(1);
    expect(store.hasUnsavedChanges).toBe(false);
  });
});

describe('ProgressStore reset across windows', () => {
  it('a reset in one window is not undone by another window that still holds the old reviews', async () => {
    const now = ticking();
    const a = (await ProgressStore.open(file, sched(), opts({ now, newId: () => `a${++ids}` }))).store;
    for (let i = 0; i < 5; i++) a.record(`q#${i}`, 3);
    await a.flush();
    const b = (await ProgressStore.open(file, sched(), opts({ now, newId: () => `b${++ids}` }))).store;
    const c = (await ProgressStore.open(file, sched(), opts({ now, newId: () => `c${++ids}` }))).store;
    expect(b.reviews()).toHaveLength(5);
    await a.reset();
    expect(onDisk().reviews).toHaveLength(0);
    // Window B rates an item after the reset, before it knows of it, and saves.
    b.record('other#0', 3);
    await b.flush();
    expect(onDisk().reviews.map((r) => r.itemId)).toEqual(['other#0']);
    expect(b.reviews().map((r) => r.itemId)).toEqual(['other#0']);
    // Window A picks that up; window C, which only reads, drops the old reviews it held.
    await a.reload();
    expect(a.reviews().map((r) => r.itemId)).toEqual(['other#0']);
    await c.reload();
    expect(c.reviews().map((r) => r.itemId)).toEqual(['other#0']);
    expect(c.card('q#0')).toBeUndefined();
  });

  it('a reset made while this window had unsaved reviews keeps them in the kept file', async () => {
    const now = ticking();
    const a = (await ProgressStore.open(file, sched(), opts({ now, newId: () => `a${++ids}` }))).store;
    const b = (await ProgressStore.open(file, sched(), opts({ now, newId: () => `b${++ids}` }))).store;
    b.record('q#9', 3);
    await b.flush();
    a.record('q#0', 3); // not saved yet
    const kept = await a.reset();
    const old = parseProgress(readFileSync(kept, 'utf8'));
    expect(old.kind === 'ok' && old.data.reviews.map((r) => r.itemId).sort()).toEqual(['q#0', 'q#9']);
    expect(a.hasUnsavedChanges).toBe(false);
  });

  it('importing the kept history after a reset brings it back for good', async () => {
    const now = ticking();
    const a = (await ProgressStore.open(file, sched(), opts({ now, newId: () => `a${++ids}` }))).store;
    for (let i = 0; i < 3; i++) a.record(`q#${i}`, 3);
    await a.flush();
    const b = (await ProgressStore.open(file, sched(), opts({ now, newId: () => `b${++ids}` }))).store;
    const kept = await a.reset();
    expect(await a.importJson(readFileSync(kept, 'utf8'))).toEqual({ added: 3, skipped: 0 });
    await b.flush();
    await a.reload();
    expect(onDisk().reviews).toHaveLength(3);
    expect(a.reviews()).toHaveLength(3);
    expect(b.reviews()).toHaveLength(3);
  });

  it('a file without a reset marker (older versions) loads, and one with a marker round-trips', async () => {
    const { store } = await ProgressStore.open(file, sched(), opts({ now: ticking() }));
    store.record('q#0', 3);
    await store.flush();
    expect(onDisk().reset).toBeUndefined();
    await store.reset();
    const marker = onDisk().reset;
    expect(marker?.epoch).toBe(1);
    const { store: reopened, notices } = await ProgressStore.open(file, sched(), opts());
    expect(notices).toEqual([]);
    expect(reopened.reviews()).toHaveLength(0);
  });
});

describe('ProgressStore invalid records', () => {
  const good = (i: number) => ({ id: `r${i}`, itemId: `q${i % 40}#0`, rating: 3, at: new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString() });

  it('one invalid review record is left out with a clear notice; the rest of the history is kept', async () => {
    const reviews: unknown[] = Array.from({ length: 300 }, (_, i) => good(i));
    reviews.push({ ...good(300), durationMs: -1 });
    const original = JSON.stringify({ schemaVersion: 2, createdAt: 'x', updatedAt: 'x', reviews, cards: {} });
    writeFileSync(file, original);
    const seen: string[] = [];
    const { store, notices } = await ProgressStore.open(file, sched(), opts({ onNotice: (n: { kind: string }) => seen.push(n.kind) }));
    expect(notices.map((n) => n.kind)).toEqual(['invalid-records-dropped']);
    expect(seen).toEqual(['invalid-records-dropped']);
    expect(readdirSync(dir).filter((f) => f.includes('.corrupt-'))).toHaveLength(1);
    expect(notices[0].message).toMatch(/1 of 301 review records were invalid.*durationMs.*the other 300 were kept.*kept at/);
    expect(store.reviews()).toHaveLength(300);
    expect(readFileSync(notices[0].movedTo!, 'utf8')).toBe(original);
    expect(onDisk().reviews).toHaveLength(300);
    const strict = JSON.parse(readFileSync(file, 'utf8'));
    expect(strict.reviews.every((r: { durationMs?: number }) => r.durationMs === undefined || r.durationMs >= 0)).toBe(true);
  });

  it('invalid records written by another window are left out of the merge, not the whole file', async () => {
    const notices: string[] = [];
    const { store } = await ProgressStore.open(file, sched(), opts({ onNotice: (n: { kind: string }) => notices.push(n.kind) }));
    store.record('mine#0', 3);
    await store.flush();
    const other = JSON.parse(readFileSync(file, 'utf8'));
    other.reviews.push(good(1), { ...good(2), rating: 7 });
    writeFileSync(file, JSON.stringify(other));
    store.record('mine#1', 3);
    await store.flush();
    expect(onDisk().reviews.map((r) => r.itemId).sort()).toEqual(['mine#0', 'mine#1', 'q1#0']);
    expect(notices).toEqual(['invalid-records-dropped']);
    const kept = readdirSync(dir).filter((f) => f.includes('.corrupt-'));
    expect(kept).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, kept[0]), 'utf8')).reviews).toHaveLength(3);
    expect(statSync(file).size).toBeGreaterThan(0);
  });
});
