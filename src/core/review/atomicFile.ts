// Durable file primitives: write-temp + fsync + rename (with the previous version kept as .bak),
// and an exclusive lock file so two VS Code windows never interleave read-merge-write cycles.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
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
  timeoutMs?: number;
}

export async function withLock<T>(file: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const lock = `${file}.lock`;
  const staleMs = opts.staleMs ?? 15_000;
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  await fs.mkdir(dirname(file), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      const h = await fs.open(lock, 'wx');
      await h.writeFile(JSON.stringify({ pid: process.pid, at: Date.now() }));
      await h.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const st = await fs.stat(lock).catch(() => undefined);
      if (st && Date.now() - st.mtimeMs > staleMs) {
        await fs.rm(lock, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`could not lock ${file}: another window holds ${lock}`);
      await new Promise((r) => setTimeout(r, Math.min(200, 10 * 2 ** attempt)));
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { force: true });
  }
}
