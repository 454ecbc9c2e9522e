// The embedding model's synthetic training queries: well-formed, covering the bank, and kept apart
// from the evaluation queries (a training query that near-duplicates an eval query would leak the
// answer into the model).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBankFromDir } from '../../src/core/content/loadBank';
import { nearDuplicate, readTrainingQueries, TRAINING_QUERIES_DIR, wordSet } from '../../scripts/train/queries';

const ROOT = join(__dirname, '..', '..');
const { bank } = loadBankFromDir(join(ROOT, 'content'));
const ids = new Set(bank.questions.map((q) => q.id));

describe('training queries', () => {
  it('cover every question of the bank with well-formed files', () => {
    const tq = readTrainingQueries(TRAINING_QUERIES_DIR, ids);
    const thin = [...ids].filter((id) => (tq.byQuestion.get(id)?.length ?? 0) < 8);
    expect(thin).toEqual([]);
  });

  it('contain no near-duplicate of an evaluation query (dev or test)', () => {
    const evalSet = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/search-eval.json'), 'utf8')) as { queries: Array<{ id: string; query: string }> };
    const tq = readTrainingQueries(TRAINING_QUERIES_DIR, ids);
    const evalWords = evalSet.queries.map((e) => wordSet(e.query));
    const clashes: string[] = [];
    for (const list of tq.byQuestion.values()) {
      for (const q of list) {
        const qw = wordSet(q);
        evalSet.queries.forEach((e, i) => {
          if (nearDuplicate(qw, evalWords[i])) clashes.push(`${e.id}: "${e.query}" ~ "${q}"`);
        });
      }
    }
    expect(clashes).toEqual([]);
  });

  it('nearDuplicate flags rewordings of the same phrasing, not queries sharing a topic word', () => {
    expect(nearDuplicate('why do llms make stuff up', 'Why do LLMs make things up?')).toBe(true);
    expect(nearDuplicate('lora_alpha vs r', 'LoRA alpha vs r')).toBe(true);
    expect(nearDuplicate('why do llms make stuff up', 'how do I stop llms from inventing citations')).toBe(false);
    expect(nearDuplicate('', 'anything')).toBe(false);
  });

  it('bad files are rejected with the file and the reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gl-tq-'));
    writeFileSync(join(dir, 'a.json'), '{"queries": {"no-such-question": ["x"]}}');
    expect(() => readTrainingQueries(dir, ids)).toThrow(/a\.json: unknown question id "no-such-question"/);
    writeFileSync(join(dir, 'a.json'), '{"queries": {"sycophancy": ["ok", 3]}}');
    expect(() => readTrainingQueries(dir, ids)).toThrow(/a\.json: "sycophancy" must be a list of non-empty strings/);
    writeFileSync(join(dir, 'a.json'), '{"queries": ');
    expect(() => readTrainingQueries(dir, ids)).toThrow(/a\.json: not valid JSON/);
    writeFileSync(join(dir, 'a.json'), '[]');
    expect(() => readTrainingQueries(dir, ids)).toThrow(/a\.json: expected/);
    writeFileSync(join(dir, 'a.json'), '{"queries": {"sycophancy": ["model caves when I push back", "model caves when I push back "]}}');
    expect(readTrainingQueries(dir, ids).byQuestion.get('sycophancy')).toEqual(['model caves when I push back']);
  });
});
