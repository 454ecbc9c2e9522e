// Degradation paths: no onnxruntime → TypeScript with one notice; missing or corrupt model →
// keyword search with a notice; never an exception.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStaticEmbedder, type SearchNotice } from '../../src/core/search/embedders';
import { SearchIndex, type DenseReadyInfo } from '../../src/core/search/searchIndex';
import { makeBank, makeQuestion, writeTinyStaticModel } from './searchHelpers';

const bank = makeBank([
  makeQuestion('gan-mode-collapse', { title: 'What is mode collapse in GANs?', aliases: ['gan makes the same face'] }),
  makeQuestion('kv-cache', { title: 'What is the KV cache?', body: 'Keys and values are cached during generation.' }),
]);
const failingOrt = () => Promise.reject(new Error('no native binary for this platform'));

describe('search fallbacks', () => {
  it('falls back to the TypeScript embedder with one notice when onnxruntime cannot load', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-fb-'));
    writeTinyStaticModel(dir, ['gan', 'mode', 'collapse', 'cache']);
    const notices: SearchNotice[] = [];
    const index = new SearchIndex({ bank, modelDir: dir, importOrt: failingOrt, onNotice: (n) => notices.push(n) });
    const hits = await index.search('gan same face');
    await index.search('kv cache');
    expect(index.embedderKind).toBe('ts');
    expect(index.status).toBe('ready');
    expect(hits[0].id).toBe('gan-mode-collapse');
    expect(notices.map((n) => n.code)).toEqual(['ts-fallback']);
  });

  it('uses keyword search with a notice when the model is missing', async () => {
    const notices: SearchNotice[] = [];
    const index = new SearchIndex({ bank, modelDir: join(tmpdir(), 'gl-does-not-exist'), onNotice: (n) => notices.push(n) });
    const hits = await index.search('mode collapse');
    expect(hits[0].id).toBe('gan-mode-collapse');
    expect(index.status).toBe('unavailable');
    expect(notices.map((n) => n.code)).toEqual(['model-missing']);
    const grade = await index.gradeFreeText('mode collapse means the generator covers few modes', ['The generator covers only a few modes']);
    expect(grade.semantic).toBe(false);
  });

  it('uses keyword search with a notice when the model file is corrupt or does not match', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-corrupt-'));
    writeTinyStaticModel(dir, ['gan']);
    writeFileSync(join(dir, 'genai-lens-embed.onnx'), Buffer.from('this is not a protobuf at all'));
    const notices: SearchNotice[] = [];
    expect(await loadStaticEmbedder(dir, { onNotice: (n) => notices.push(n) })).toBeUndefined();
    expect(notices[0].code).toBe('model-corrupt');

    // Truncated file with the checksum removed from tokenizer.json: caught by the ONNX reader.
    const dir2 = mkdtempSync(join(tmpdir(), 'gl-trunc-'));
    const spec = writeTinyStaticModel(dir2, ['gan']);
    writeFileSync(join(dir2, 'tokenizer.json'), JSON.stringify({ ...spec, modelSha256: undefined }));
    const full = join(dir2, 'genai-lens-embed.onnx');
    copyFileSync(full, `${full}.bak`);
    const { readFileSync } = await import('node:fs');
    writeFileSync(full, readFileSync(`${full}.bak`).subarray(0, 200));
    const n2: SearchNotice[] = [];
    const index = new SearchIndex({ bank, modelDir: dir2, onNotice: (n) => n2.push(n) });
    await expect(index.search('kv cache')).resolves.toEqual(expect.arrayContaining([expect.objectContaining({ id: 'kv-cache' })]));
    expect(n2.map((n) => n.code)).toEqual(['model-corrupt']);

    // Same size, one weight byte flipped: caught by the CRC-32 recorded in tokenizer.json.
    const dir4 = mkdtempSync(join(tmpdir(), 'gl-flip-'));
    writeTinyStaticModel(dir4, ['gan']);
    const flipped = readFileSync(join(dir4, 'genai-lens-embed.onnx'));
    flipped[flipped.length - 40] ^= 0x10;
    writeFileSync(join(dir4, 'genai-lens-embed.onnx'), flipped);
    const n4: SearchNotice[] = [];
    expect(await loadStaticEmbedder(dir4, { onNotice: (n) => n4.push(n) })).toBeUndefined();
    expect(n4[0].code).toBe('model-corrupt');
    expect(n4[0].detail).toMatch(/CRC-32/);

    // Garbage tokenizer.json
    const dir3 = mkdtempSync(join(tmpdir(), 'gl-tok-'));
    writeTinyStaticModel(dir3, ['gan']);
    writeFileSync(join(dir3, 'tokenizer.json'), '{"format": "something-else"');
    const n3: SearchNotice[] = [];
    expect(await loadStaticEmbedder(dir3, { onNotice: (n) => n3.push(n) })).toBeUndefined();
    expect(n3[0].code).toBe('model-corrupt');
  });

  it('reports once when semantic search is ready, and whether the bank vectors came from the cache', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-ready-'));
    writeTinyStaticModel(dir, ['gan', 'mode', 'collapse', 'cache']);
    const cache = mkdtempSync(join(tmpdir(), 'gl-ready-cache-'));
    const first: DenseReadyInfo[] = [];
    const a = new SearchIndex({ bank, modelDir: dir, importOrt: failingOrt, cache, onDenseReady: (r) => first.push(r) });
    await Promise.all([a.search('gan same face'), a.search('kv cache')]);
    await a.search('collapse');
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: 'ts', dims: 16, fromCache: false });
    expect(first[0].modelMs).toBeGreaterThanOrEqual(0);

    const second: DenseReadyInfo[] = [];
    const b = new SearchIndex({
      bank,
      modelDir: dir,
      importOrt: failingOrt,
      cache,
      onDenseReady: (r) => {
        second.push(r);
        throw new Error('a broken listener');
      },
    });
    expect((await b.search('gan same face'))[0].id).toBe('gan-mode-collapse');
    expect(b.status).toBe('ready');
    expect(second.map((r) => r.fromCache)).toEqual([true]);
  });

  it('works with no model configured at all', async () => {
    const index = new SearchIndex({ bank, embedder: null });
    expect((await index.search('kv cache'))[0].id).toBe('kv-cache');
    expect(index.searchKeyword('collapse')[0].id).toBe('gan-mode-collapse');
    expect(await index.search('   ')).toEqual([]);
  });
});
