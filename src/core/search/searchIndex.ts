// The one ranking behind the search box, hover "related questions", "quiz me on this file" and
// free-text grading. BM25 is built on construction (cheap, synchronous); the embedding model and the
// bank vectors load on first semantic use, once. Every failure degrades to keyword search.
import type { Bank, Question } from '../content/types';
import { apiCardText, questionTexts, symbolWords, type QuestionText } from './bankText';
import { Bm25Index, bm25DocFrom, type ScoredId } from './bm25';
import { BertOnnxEmbedder } from './bertEmbedder';
import { bankViews, DenseIndex, DEFAULT_DENSE_SCORING, topK, type DenseScoring } from './dense';
import { embedQuery, loadStaticEmbedder, type Embedder, type NoticeSink, type OrtImporter, type SearchNotice } from './embedders';
import { DEFAULT_FUSION_ALPHA, fuseScores } from './fusion';
import { gradeFreeText, type FreeTextGrade } from './grading';
import { bankVectorKey, DirectoryVectorCache, type VectorCache } from './vectorCache';

export type SearchMode = 'hybrid' | 'bm25' | 'dense';

export interface SearchHit {
  id: string;
  title: string;
  topic: string;
  difficulty: string;
  tags: string[];
  score: number;
  /** The alias, API card or title that matched best (for the QuickPick detail line). */
  matched?: string;
  /** For related-question lists: linked from the content, or found by similarity. */
  via?: 'link' | 'similar';
}

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
  topic?: string;
  /** Question ids to leave out. */
  exclude?: Iterable<string>;
}

export interface SearchIndexOptions {
  bank: Bank;
  /** Folder holding genai-lens-embed.onnx + tokenizer.json (the extension's models/). */
  modelDir?: string;
  /** genaiLens.embedding.modelPath: a BERT-family ONNX export (model.onnx + tokenizer.json). */
  byoModelDir?: string;
  /** A directory (e.g. globalStorageUri) or a cache object for the bank vectors. */
  cache?: string | VectorCache;
  runtime?: 'auto' | 'onnx' | 'ts';
  /** Receives one notice per degradation (TypeScript fallback, keyword-only, BYO failure). */
  onNotice?: NoticeSink;
  fusionAlpha?: number;
  denseScoring?: DenseScoring;
  /** Supplies the embedder directly (tests, benchmarks); `null` means keyword search only. */
  embedder?: Embedder | null;
  importOrt?: OrtImporter;
  /** Called once when semantic search is ready, with what it cost (for the log). */
  onDenseReady?: (info: DenseReadyInfo) => void;
}

export interface DenseReadyInfo {
  kind: Embedder['kind'];
  dims: number;
  /** Loading the model (ONNX session or weights). */
  modelMs: number;
  /** Reading the bank vectors from the cache, or computing them. */
  bankMs: number;
  fromCache: boolean;
}

export type DenseStatus = 'not-loaded' | 'loading' | 'ready' | 'unavailable';

interface DenseSide {
  embedder: Embedder;
  index: DenseIndex;
}

export class SearchIndex {
  readonly bank: Bank;
  readonly fusionAlpha: number;
  private readonly texts: QuestionText[];
  private readonly byId: Map<string, Question>;
  private readonly bm25: Bm25Index;
  private densePromise: Promise<DenseSide | undefined> | undefined;
  private dense: DenseSide | undefined;
  private _status: DenseStatus = 'not-loaded';
  private active = 0;
  private onIdle?: () => void;
  private disposed?: Promise<void>;
  private readonly notices: SearchNotice[] = [];

  constructor(private readonly opts: SearchIndexOptions) {
    this.bank = opts.bank;
    this.fusionAlpha = opts.fusionAlpha ?? DEFAULT_FUSION_ALPHA;
    this.texts = questionTexts(opts.bank);
    this.byId = new Map(opts.bank.questions.map((q) => [q.id, q]));
    this.bm25 = new Bm25Index(this.texts.map((t) => bm25DocFrom(t, this.byId.get(t.id)!.apis.map(symbolWords))));
  }

  get status(): DenseStatus {
    return this._status;
  }

  /** Notices raised so far (also sent to onNotice as they happen). */
  get allNotices(): readonly SearchNotice[] {
    return this.notices;
  }

  get embedderKind(): Embedder['kind'] | undefined {
    return this.dense?.embedder.kind;
  }

  /** Loads the model and the bank vectors (idempotent). Resolves false when only keywords are available. */
  warmUp(): Promise<boolean> {
    return this.withDense((dense) => dense !== undefined);
  }

  /**
   * Runs `fn` with the dense side (undefined when only keywords are available, or once disposed) and
   * keeps the embedder alive until `fn` ends: the bank can change, and this index be disposed, while
   * a search on it is still running.
   */
  private async withDense<T>(fn: (dense: DenseSide | undefined) => T | Promise<T>): Promise<T> {
    if (this.disposed) return fn(undefined);
    this.active++;
    try {
      return await fn(await this.loadDense());
    } finally {
      if (--this.active === 0) this.onIdle?.();
    }
  }

  private notify(n: SearchNotice): void {
    this.notices.push(n);
    this.opts.onNotice?.(n);
  }

  private loadDense(): Promise<DenseSide | undefined> {
    this.densePromise ??= (async () => {
      this._status = 'loading';
      try {
        const t0 = performance.now();
        const embedder = await this.resolveEmbedder();
        if (!embedder) {
          this._status = 'unavailable';
          return undefined;
        }
        const t1 = performance.now();
        const views = bankViews(this.texts);
        const cache = typeof this.opts.cache === 'string' ? new DirectoryVectorCache(this.opts.cache) : this.opts.cache;
        const key = bankVectorKey(this.bank.hash, embedder.modelHash, embedder.dims, views.texts.length);
        let matrix = cache ? await cache.read(key) : undefined;
        let index: DenseIndex;
        const fromCache = matrix?.length === views.texts.length * embedder.dims;
        if (matrix && fromCache) {
          index = new DenseIndex(views, matrix, embedder.dims, this.opts.denseScoring ?? DEFAULT_DENSE_SCORING);
        } else {
          index = await DenseIndex.build(views, embedder, this.opts.denseScoring ?? DEFAULT_DENSE_SCORING);
          matrix = index.matrix;
          if (cache) await cache.write(key, matrix);
        }
        this.dense = { embedder, index };
        this._status = 'ready';
        const t2 = performance.now();
        const info = { kind: embedder.kind, dims: embedder.dims, modelMs: t1 - t0, bankMs: t2 - t1, fromCache };
        try {
          this.opts.onDenseReady?.(info);
        } catch {
          // A listener's failure must not turn a working model into keyword-only search.
        }
        return this.dense;
      } catch (err) {
        this.notify({
          code: 'model-corrupt',
          level: 'warning',
          message: 'Semantic search failed to start; search uses keywords only.',
          detail: err instanceof Error ? err.message : String(err),
        });
        this._status = 'unavailable';
        return undefined;
      }
    })();
    return this.densePromise;
  }

  private async resolveEmbedder(): Promise<Embedder | undefined> {
    if (this.opts.embedder !== undefined) return this.opts.embedder ?? undefined;
    const notify = (n: SearchNotice) => this.notify(n);
    if (this.opts.byoModelDir) {
      const byo = await BertOnnxEmbedder.load(this.opts.byoModelDir, { importOrt: this.opts.importOrt, onNotice: notify });
      if (byo) return byo;
    }
    if (!this.opts.modelDir) {
      notify({ code: 'model-missing', level: 'warning', message: 'No semantic search model configured; search uses keywords only.' });
      return undefined;
    }
    return loadStaticEmbedder(this.opts.modelDir, { runtime: this.opts.runtime, onNotice: notify, importOrt: this.opts.importOrt });
  }

  private hit(id: string, score: number, matched?: string, via?: SearchHit['via']): SearchHit {
    const q = this.byId.get(id)!;
    return { id, title: q.title, topic: q.topic, difficulty: q.difficulty, tags: q.tags, score, matched, via };
  }

  /** Keyword-only ranking, synchronous: usable before the model has loaded. */
  searchKeyword(query: string, opts: SearchOptions = {}): SearchHit[] {
    const ids = this.texts.map((t) => t.id);
    const scores = fuseScores(ids, undefined, this.bm25.search(query), 0);
    return this.rank(ids, scores, opts, undefined);
  }

  /** Ranked questions for a free-text query. */
  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const mode = opts.mode ?? 'hybrid';
    if (!query.trim()) return [];
    if (mode === 'bm25') return this.searchKeyword(query, opts);
    return this.withDense(async (dense) => {
      if (!dense) return this.searchKeyword(query, opts);
      const qv = await embedQuery(dense.embedder, query);
      return this.rankWithVector(query, qv, dense, mode, opts);
    });
  }

  /**
   * The misspelt words the dense side reads as other words in `query` (empty when the model is not
   * loaded or keeps every word): the search box says so, like a "showing results for".
   */
  spellingFixes(query: string): Array<{ from: string; to: string }> {
    return this.dense?.embedder.spellingFixes?.(query) ?? [];
  }

  private rankWithVector(query: string, qv: Float32Array, dense: DenseSide, mode: SearchMode, opts: SearchOptions): SearchHit[] {
    const ids = dense.index.views.ids;
    const { scores: dScores, bestView } = dense.index.questionScores(qv);
    const bm = mode === 'dense' ? [] : this.bm25.search(query);
    const alpha = mode === 'dense' ? 1 : this.fusionAlpha;
    const scores = fuseScores(ids, dScores, bm, alpha);
    return this.rank(ids, scores, opts, (i) => (bestView[i] >= 0 ? dense.index.views.texts[bestView[i]] : undefined));
  }

  private rank(ids: string[], scores: Float32Array, opts: SearchOptions, matched: ((i: number) => string | undefined) | undefined): SearchHit[] {
    const k = opts.k ?? 10;
    const exclude = new Set(opts.exclude ?? []);
    const pos = new Map(ids.map((id, i) => [id, i]));
    const keep = ids.filter((id) => !exclude.has(id) && (!opts.topic || this.byId.get(id)?.topic === opts.topic));
    const ranked = topK(keep, keep.map((id) => scores[pos.get(id)!]), k);
    return ranked.filter((r) => r.score > 0).map((r) => this.hit(r.id, r.score, matched?.(pos.get(r.id)!) ?? this.byId.get(r.id)!.title));
  }

  /** Questions explicitly linked to an API symbol (card's list first, then questions naming it). */
  linkedQuestions(symbol: string): string[] {
    const card = this.bank.apis.find((c) => c.symbol === symbol);
    const out = [...(card?.questions ?? [])];
    for (const q of this.bank.questions) if (q.apis.includes(symbol) && !out.includes(q.id)) out.push(q.id);
    return out.filter((id) => this.byId.has(id));
  }

  /** Hover "related questions": explicit links first, then nearest neighbours of the API card. */
  async relatedForSymbol(symbol: string, opts: { k?: number; context?: string } = {}): Promise<SearchHit[]> {
    const k = opts.k ?? 5;
    const linked = this.linkedQuestions(symbol);
    const out = linked.slice(0, k).map((id, i) => this.hit(id, 1 + (linked.length - i) / (linked.length + 1), undefined, 'link'));
    if (out.length >= k) return out;
    const card = this.bank.apis.find((c) => c.symbol === symbol);
    const query = [card ? apiCardText(card) : symbolWords(symbol), opts.context ?? ''].join(' ');
    const more = await this.search(query, { k: k - out.length, exclude: linked });
    return [...out, ...more.map((h) => ({ ...h, via: 'similar' as const }))];
  }

  /** "Quiz me on this file": questions for a set of detected symbols, ranked by links and similarity. */
  async questionsForSymbols(symbols: string[], opts: { k?: number } = {}): Promise<SearchHit[]> {
    const k = opts.k ?? 10;
    const total = new Map<string, number>();
    const linkedSet = new Set<string>();
    const add = (id: string, s: number) => total.set(id, (total.get(id) ?? 0) + s);
    const unique = [...new Set(symbols)];
    for (const sym of unique) {
      const linked = this.linkedQuestions(sym);
      linked.forEach((id, i) => {
        add(id, 1 / (1 + 0.25 * i));
        linkedSet.add(id);
      });
      const card = this.bank.apis.find((c) => c.symbol === sym);
      const hits = await this.search(card ? apiCardText(card) : symbolWords(sym), { k: 5, exclude: linked });
      for (const h of hits) add(h.id, 0.3 * h.score);
    }
    const ranked: ScoredId[] = [...total.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    return ranked.slice(0, k).map((r) => this.hit(r.id, r.score, undefined, linkedSet.has(r.id) ? 'link' : 'similar'));
  }

  /** Grades a free-text answer against key points (+ model answer); keywords only without a model. */
  async gradeFreeText(answer: string, keyPoints: string[], modelAnswer = ''): Promise<FreeTextGrade> {
    return this.withDense((dense) => gradeFreeText(dense?.embedder, answer, keyPoints, modelAnswer));
  }

  /** Releases the model once the searches and gradings already running on this index have ended. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      while (this.active > 0) await new Promise<void>((resolve) => (this.onIdle = resolve));
      const d = await this.densePromise;
      await d?.embedder.dispose();
    })();
    return this.disposed;
  }
}
