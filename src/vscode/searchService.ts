// One SearchIndex per bank version, created on first use (never at activation) and rebuilt when
// the bank or the model setting changes. Degradations (TypeScript fallback, keyword-only search,
// a broken custom model) are shown once and logged; searching never throws at the user.
import * as vscode from 'vscode';
import { join } from 'node:path';
import type { QuizItem } from '../core/content/types';
import type { FreeTextGrader } from '../core/review/answerCheck';
import { SearchIndex, type SearchHit } from '../core/search/searchIndex';
import type { BankService } from './bankService';

export class SearchService implements vscode.Disposable {
  private index?: Promise<SearchIndex>;
  private shownNotices = new Set<string>();
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly extensionPath: string,
    private readonly storageDir: string,
    private readonly bank: BankService,
    private modelPath: string,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subs.push(bank.onDidChange(() => this.reset()));
  }

  setModelPath(p: string): void {
    if (p === this.modelPath) return;
    this.modelPath = p;
    this.reset();
  }

  private reset(): void {
    const old = this.index;
    this.index = undefined;
    void old?.then((i) => i.dispose()).catch(() => undefined);
  }

  get(): Promise<SearchIndex> {
    this.index ??= this.bank.bank().then((bank) => {
      const t0 = performance.now();
      const index = new SearchIndex({
        bank,
        modelDir: join(this.extensionPath, 'models'),
        byoModelDir: this.modelPath || undefined,
        cache: this.storageDir,
        onNotice: (n) => {
          this.log[n.level === 'warning' ? 'warn' : 'info'](`Search: ${n.message}${n.detail ? ` (${n.detail})` : ''}`);
          if (this.shownNotices.has(n.code)) return;
          this.shownNotices.add(n.code);
          const show = n.level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
          void show(`GenAI Lens: ${n.message}`, 'Show Log').then((c) => {
            if (c) this.log.show();
          });
        },
        onDenseReady: (r) =>
          this.log.info(
            `Semantic search ready (${r.kind} runtime, ${r.dims} dimensions): model ${r.modelMs.toFixed(1)} ms, bank vectors ${r.bankMs.toFixed(1)} ms ${r.fromCache ? 'from the cache' : 'computed and cached'}`,
          ),
      });
      this.log.info(`Search index ready for keyword search in ${(performance.now() - t0).toFixed(1)} ms`);
      return index;
    });
    return this.index;
  }

  async search(query: string, k = 20): Promise<SearchHit[]> {
    return (await this.get()).search(query, { k });
  }

  /**
   * Hits, and the misspelt words the semantic side read as others, from one index: asking the
   * service twice could reach a new index (the bank changed in between) whose model has not loaded.
   */
  async searchWithFixes(query: string, k = 20): Promise<{ hits: SearchHit[]; fixes: Array<{ from: string; to: string }> }> {
    const index = await this.get();
    const hits = await index.search(query, { k });
    return { hits, fixes: index.spellingFixes(query) };
  }

  /** Synchronous keyword ranking for the first keystrokes, before the model has loaded. */
  async keyword(query: string, k = 20): Promise<SearchHit[]> {
    return (await this.get()).searchKeyword(query, { k });
  }

  readonly gradeFree: FreeTextGrader = async (answer: string, item: Extract<QuizItem, { type: 'free' }>) => {
    const qid = item.id.slice(0, item.id.lastIndexOf('#'));
    const keyPoints = this.bank.question(qid)?.keyPoints ?? [];
    try {
      const g = await (await this.get()).gradeFreeText(answer, keyPoints, item.modelAnswer);
      return { rating: g.rating, score: g.score, reasons: g.reasons };
    } catch (err) {
      this.logError(`Grading the answer to ${qid} failed`, err);
      throw err;
    }
  };

  /** Logs a failure the user has been told about in the UI, with its stack for a bug report. */
  logError(what: string, err: unknown): void {
    this.log.error(`${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }

  dispose(): void {
    for (const s of this.subs) s.dispose();
    this.reset();
  }
}

/** "GenAI Lens: Search Question Bank": results as you type, Enter opens, a button quizzes. */
export async function showSearchQuickPick(
  search: SearchService,
  bank: BankService,
  open: (id: string) => Promise<void>,
  quiz: (ids: string[]) => Promise<void>,
  initial = '',
): Promise<void> {
  type Item = vscode.QuickPickItem & { id: string };
  const qp = vscode.window.createQuickPick<Item>();
  const quizButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('mortar-board'), tooltip: 'Quiz me on this question' };
  const quizAll: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('play'), tooltip: 'Quiz me on these results' };
  const title = 'Search the GenAI Lens question bank';
  qp.title = title;
  qp.placeholder = 'Ask in your own words: “why does my GAN keep making the same face”, “lora_alpha”, “top_p vs temperature”…';
  qp.matchOnDescription = true;
  qp.matchOnDetail = true;
  qp.buttons = [quizAll];
  qp.value = initial;
  let seq = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const toItems = (hits: SearchHit[]): Item[] =>
    hits.map((h) => ({
      id: h.id,
      label: h.title,
      description: `${bank.topic(h.topic as never)?.title ?? h.topic} · ${h.difficulty}`,
      detail: h.matched ? `matched: ${h.matched}` : undefined,
      buttons: [quizButton],
      alwaysShow: true,
    }));
  const run = (value: string) => {
    const mine = ++seq;
    if (!value.trim()) {
      qp.title = title;
      qp.items = [];
      qp.busy = false;
      return;
    }
    qp.busy = true;
    void search
      .keyword(value)
      .then((hits) => {
        if (mine === seq && qp.busy) qp.items = toItems(hits);
      })
      .catch(() => undefined); // the full search below reports the same failure
    void search
      .searchWithFixes(value)
      .then(({ hits, fixes }) => {
        if (mine !== seq) return;
        qp.items = toItems(hits);
        qp.title = fixes.length ? `${title}: read ${fixes.map((f) => `“${f.from}” as “${f.to}”`).join(', ')}` : title;
      })
      .catch((err: unknown) => {
        search.logError(`Search for ${JSON.stringify(value)} failed`, err);
        if (mine === seq) qp.title = `${title}: the search failed (GenAI Lens: Show Log has the details)`;
      })
      .finally(() => {
        if (mine === seq) qp.busy = false;
      });
  };
  qp.onDidChangeValue((v) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => run(v), 120);
  });
  qp.onDidAccept(() => {
    const sel = qp.selectedItems[0] ?? qp.activeItems[0];
    if (!sel) return;
    qp.hide();
    void open(sel.id);
  });
  qp.onDidTriggerItemButton((e) => {
    qp.hide();
    void quiz([e.item.id]);
  });
  qp.onDidTriggerButton(() => {
    const ids = qp.items.slice(0, 10).map((i) => i.id);
    if (!ids.length) return;
    qp.hide();
    void quiz(ids);
  });
  qp.onDidHide(() => {
    if (timer) clearTimeout(timer);
    qp.dispose();
  });
  qp.show();
  if (initial) run(initial);
}
