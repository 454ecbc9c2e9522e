// On-disk cache of the bank's view vectors, keyed by content hash + model hash + view scheme, so
// the bank is embedded once per (content, model) pair. Cache failures are never fatal.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from './embedders';

/** Bump when bankViews() or bankText changes what is embedded. */
export const VIEW_SCHEME_VERSION = 2;

export interface VectorCache {
  read(key: string): Promise<Float32Array | undefined>;
  write(key: string, vectors: Float32Array): Promise<void>;
}

export function bankVectorKey(bankHash: string, modelHash: string, dims: number, views: number): string {
  return sha256(`bank:${bankHash}|model:${modelHash}|dims:${dims}|views:${views}|scheme:${VIEW_SCHEME_VERSION}`).slice(0, 32);
}

/** One `<key>.f32` file per entry (raw little-endian float32), written atomically. */
export class DirectoryVectorCache implements VectorCache {
  constructor(readonly dir: string) {}

  async read(key: string): Promise<Float32Array | undefined> {
    try {
      const buf = await readFile(join(this.dir, `${key}.f32`));
      if (buf.byteLength % 4) return undefined;
      const copy = new Uint8Array(buf.byteLength);
      copy.set(buf);
      return new Float32Array(copy.buffer);
    } catch {
      return undefined;
    }
  }

  async write(key: string, vectors: Float32Array): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      const file = join(this.dir, `${key}.f32`);
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
      await rename(tmp, file);
    } catch {
      // A read-only or full disk only costs a re-embedding next time.
    }
  }
}

export class MemoryVectorCache implements VectorCache {
  readonly entries = new Map<string, Float32Array>();
  async read(key: string): Promise<Float32Array | undefined> {
    return this.entries.get(key);
  }
  async write(key: string, vectors: Float32Array): Promise<void> {
    this.entries.set(key, Float32Array.from(vectors));
  }
}
