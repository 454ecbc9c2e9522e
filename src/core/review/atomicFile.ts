// Durable file primitives: write-temp + fsync + rename (with the previous version kept as .bak),
// and an exclusive lock file so two VS Code windows never interleave read-merge-write cycles.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, basename, join } from 'node:path';

export async function writeFileAtomic(file: string, data: string, opts: { backup?: boolean } = {}): Promise<void> {
  await fs.mkdir(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (opts.backup) {
    try {
      await fs.copyFile(file, `${file}.bak`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        await fs.rm(tmp, { force: true });
        throw e;
      }
    }
  }
  await fs.rename(tmp, file);
  await syncDir(dirname(file));
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable on POSIX; not supported (and not needed) on Windows.
  try {
    const h = await fs.open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    /* best effort */
  }
}

export interface LockOptions {
  /** A lock older than this is considered abandoned by a crashed window. */
  staleMs?: number;
  /**
   * How long to wait for the lock. Defaults to longer than `staleMs`, so a lock left by a crashed
   * window is always outwaited and removed rather than failing the save.
   */
  timeoutMs?: number;
  /** Clock and sleep, injectable for tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_STALE_MS = 15_000;
/** Extra wait past the abandonment age: a crashed window's lock ages out before the wait gives up. */
const STALE_GRACE_MS = 5_000;

interface LockInfo {
  pid?: unknown;
  host?: unknown;
}

/** A lock written on this machine by a process that no longer exists was abandoned by a crash. */
async function holderIsGone(lock: string): Promise<boolean> {
  let info: LockInfo;
  try {
    info = JSON.parse(await fs.readFile(lock, 'utf8')) as LockInfo;
  } catch {
    return false; // unreadable, or still being written by its owner: judge by age only
  }
  if (typeof info?.pid !== 'number' || info.host !== hostname() || info.pid === process.pid) return false;
  try {
    process.kill(info.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function withLock<T>(file: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const lock = `${file}.lock`;
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
  const deadline = now() + (opts.timeoutMs ?? staleMs + STALE_GRACE_MS);
  await fs.mkdir(dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    let h: FileHandle;
    try {
      h = await fs.open(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await fs.stat(lock).catch(() => undefined);
      if (st && (now() - st.mtimeMs > staleMs || (await holderIsGone(lock)))) {
        await fs.rm(lock, { force: true });
        continue;
      }
      if (now() > deadline) throw new Error(`could not lock ${file}: another window holds ${lock}`);
      await sleep(Math.min(200, 10 * 2 ** attempt));
      continue;
    }
    try {
      await h.writeFile(JSON.stringify({ pid: process.pid, host: hostname(), at: now() }));
      await h.close();
    } catch (e) {
      await h.close().catch(() => undefined);
      await fs.rm(lock, { force: true });
      throw e;
    }
    break;
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { force: true });
  }
}
