// Keyword retrieval: BM25 (minisearch) over question fields, title and aliases weighted above the
// body. Terms go through the shared tokenizer (identifier splitting) plus light stemming; longer
// terms also match with a small edit distance so "halucination" still finds "hallucination".
import MiniSearch from 'minisearch';
import { STOPWORDS, stem, words } from './tokenizer';
import type { QuestionText } from './bankText';

export const BM25_FIELD_BOOST = {
  title: 3,
  aliases: 3,
  tags: 2,
  apis: 1.5,
  keyPoints: 1.5,
  body: 1,
  extra: 0.7,
} as const;

type Field = keyof typeof BM25_FIELD_BOOST;
const FIELDS = Object.keys(BM25_FIELD_BOOST) as Field[];
const STOP = new Set(STOPWORDS);

export interface ScoredId {
  id: string;
  score: number;
}

export interface Bm25Doc {
  id: string;
  title: string;
  aliases: string[];
  tags: string[];
  apis: string[];
  keyPoints: string[];
  body: string;
  extra: string;
}

export function bm25DocFrom(t: QuestionText, apis: string[]): Bm25Doc {
  return { id: t.id, title: t.title, aliases: t.aliases, tags: t.tags, apis, keyPoints: t.keyPoints, body: t.body, extra: t.extra };
}

function processTerm(term: string): string | null {
  return STOP.has(term) ? null : stem(term);
}

export class Bm25Index {
  private readonly mini: MiniSearch<Bm25Doc>;

  constructor(docs: Bm25Doc[]) {
    this.mini = new MiniSearch<Bm25Doc>({
      idField: 'id',
      fields: FIELDS,
      storeFields: [],
      tokenize: (text) => words(text),
      processTerm,
      extractField: (doc, field) => {
        const v = doc[field as keyof Bm25Doc];
        return Array.isArray(v) ? v.join(' \n ') : v;
      },
      searchOptions: {
        boost: { ...BM25_FIELD_BOOST },
        combineWith: 'OR',
        fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
        weights: { fuzzy: 0.4, prefix: 0.3 },
      },
    });
    this.mini.addAll(docs);
  }

  get size(): number {
    return this.mini.documentCount;
  }

  /** All matching documents, best first (unnormalised BM25 scores). */
  search(query: string): ScoredId[] {
    if (!query.trim()) return [];
    return this.mini.search(query).map((r) => ({ id: String(r.id), score: r.score }));
  }
}
