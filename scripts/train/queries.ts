// Synthetic training queries (models/training/queries/<topic>.json): for each question, searches a
// learner or developer might type when it is the answer (descriptive, informal, paraphrased,
// code-ish, scenario), written from the question's content for training only, in the way doc2query /
// GPL / InPars generate queries for documents. They are never shipped and never evaluated on; a unit
// test keeps them apart from test/fixtures/search-eval.json (`nearDuplicate`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { words } from '../../src/core/search/tokenizer';

export const TRAINING_QUERIES_DIR = join(import.meta.dirname, '..', '..', 'models', 'training', 'queries');

export interface TrainingQueries {
  /** Question id → its queries, in file order (files sorted by name: deterministic). */
  byQuestion: Map<string, string[]>;
  files: number;
  /** Queries kept (a repeat within a question counts once). */
  total: number;
}

/** Reads and validates every `*.json` in `dir`; throws with the file and the reason on bad input. */
export function readTrainingQueries(dir: string, knownIds: ReadonlySet<string>): TrainingQueries {
  const byQuestion = new Map<string, string[]>();
  let files = 0, total = 0;
  if (!existsSync(dir)) return { byQuestion, files, total };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const file = join(dir, name);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`${file}: not valid JSON (${(e as Error).message})`);
    }
    const queries = (data as { queries?: unknown } | null)?.queries;
    if (!queries || typeof queries !== 'object' || Array.isArray(queries)) throw new Error(`${file}: expected {"topic": ..., "queries": {"<question id>": ["...", ...]}}`);
    for (const [id, list] of Object.entries(queries as Record<string, unknown>)) {
      if (!knownIds.has(id)) throw new Error(`${file}: unknown question id "${id}"`);
      if (!Array.isArray(list) || list.some((q) => typeof q !== 'string' || !q.trim())) throw new Error(`${file}: "${id}" must be a list of non-empty strings`);
      const into = byQuestion.get(id) ?? [];
      for (const q of list as string[]) {
        if (into.includes(q.trim())) continue;
        into.push(q.trim());
        total++;
      }
      byQuestion.set(id, into);
    }
    files++;
  }
  return { byQuestion, files, total };
}

/** The word set used to compare queries: lowercase words, stopwords kept (they carry the phrasing). */
export function wordSet(text: string): Set<string> {
  return new Set(words(text.toLowerCase())); // lowercased first: "LLMs" is one word here, not LL + Ms
}

/**
 * True when two queries are near-duplicates: the same words after normalisation, or a word-set
 * Jaccard similarity ≥ `threshold` (0.4: "why do llms make stuff up" and "why do LLMs make things
 * up" count; two queries sharing only the topic's key term do not).
 */
export function nearDuplicate(a: string | ReadonlySet<string>, b: string | ReadonlySet<string>, threshold = 0.4): boolean {
  // Word sets may be passed in, so a many-to-many check computes each side's set once.
  const x = typeof a === 'string' ? wordSet(a) : a, y = typeof b === 'string' ? wordSet(b) : b;
  if (!x.size || !y.size) return false;
  let inter = 0;
  for (const w of x) if (y.has(w)) inter++;
  return inter / (x.size + y.size - inter) >= threshold;
}
