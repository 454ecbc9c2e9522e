import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogOutputChannel } from 'vscode';
import type { BankService } from '../../src/vscode/bankService';
import type { LensConfig } from '../../src/vscode/config';
import { ReviewService } from '../../src/vscode/reviewService';

vi.mock('vscode', () => {
  class EventEmitter<T> {
    private readonly l = new Set<(e: T) => void>();
    event = (f: (e: T) => void) => {
      this.l.add(f);
      return { dispose: () => this.l.delete(f) };
    };
    fire(e: T) {
      for (const f of this.l) f(e);
    }
    dispose() {
      this.l.clear();
    }
  }
  return {
    EventEmitter,
    StatusBarAlignment: { Left: 1, Right: 2 },
    window: {
      createStatusBarItem: () => ({ text: '', show() {}, dispose() {} }),
      onDidChangeWindowState: () => ({ dispose() {} }),
      showInformationMessage: async () => undefined,
      showWarningMessage: async () => undefined,
    },
  };
});

const log = { info() {}, warn() {}, error() {}, show() {} } as unknown as LogOutputChannel;
const bank = { onDidChange: () => ({ dispose() {} }), peek: () => ({ questions: [{ id: 'q', quiz: [{ id: 'q#0' }] }] }) } as unknown as BankService;
const config = { desiredRetention: 0.9 } as LensConfig;

function storage(reviews: { id: string; itemId: string; rating: number; at: string }[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lens-service-'));
  const t = new Date().toISOString();
  writeFileSync(join(dir, 'progress.json'), JSON.stringify({ schemaVersion: 2, createdAt: t, updatedAt: t, reviews, cards: {} }));
  return dir;
}
const statusText = (svc: ReviewService) => (svc as unknown as { status: { text: string } }).status.text;

afterEach(() => vi.useRealTimers());

describe('ReviewService', () => {
  it('the due count in the status bar updates when a card falls due, without any other event', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date(2026, 2, 10, 12, 0, 0) });
    // Rated "Again" 30 s ago: due again one minute after that.
    const dir = storage([{ id: 'a', itemId: 'q#0', rating: 1, at: new Date(Date.now() - 30_000).toISOString() }]);
    const svc = new ReviewService(dir, bank, config, log);
    await svc.open();
    expect(statusText(svc)).toMatch(/GenAI: 0 due/);
    await vi.advanceTimersByTimeAsync(31_000);
    expect(statusText(svc)).toMatch(/GenAI: 1 due/);
    await svc.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('the streak in the status bar updates at local midnight', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'], now: new Date(2026, 2, 10, 23, 59, 0) });
    const dir = storage([{ id: 'a', itemId: 'q#0', rating: 3, at: new Date(2026, 2, 9, 12, 0, 0).toISOString() }]);
    const svc = new ReviewService(dir, bank, config, log);
    await svc.open();
    expect(statusText(svc)).toMatch(/\$\(flame\) 1/); // reviewed yesterday, not yet today
    await vi.advanceTimersByTimeAsync(61_000);
    expect(statusText(svc)).not.toMatch(/flame/); // a day without reviews has passed
    await svc.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a failed open is not cached: the next open tries again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lens-service-'));
    mkdirSync(join(dir, 'progress.json')); // unreadable for now
    const svc = new ReviewService(dir, bank, config, log);
    await expect(svc.open()).rejects.toThrow();
    rmSync(join(dir, 'progress.json'), { recursive: true });
    const store = await svc.open();
    expect(store.reviews()).toHaveLength(0);
    await svc.dispose();
  });
});
