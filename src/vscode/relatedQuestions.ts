// Related questions for an API symbol, answered synchronously for hovers and CodeLens: explicit
// links from the content first (card → questions, question → apis), then semantic neighbours that
// are computed in the background on first request and cached per bank version (the next hover
// shows them; lenses are not refreshed for them, see extension.ts).
import type * as vscode from 'vscode';
import type { BankService } from './bankService';
import type { SearchService } from './searchService';

export class RelatedQuestions implements vscode.Disposable {
  private readonly similar = new Map<string, { id: string; title: string }[]>();
  private readonly pending = new Set<string>();
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly bank: BankService,
    private readonly search: SearchService,
  ) {
    this.sub = bank.onDidChange(() => this.similar.clear());
  }

  forSymbol(symbol: string, max = 6): { id: string; title: string }[] {
    const bank = this.bank.peek();
    if (!bank) return [];
    const out: { id: string; title: string }[] = [];
    const add = (id: string) => {
      if (out.length >= max || out.some((o) => o.id === id)) return;
      const q = this.bank.question(id);
      if (q) out.push({ id, title: q.title });
    };
    for (const id of this.bank.card(symbol)?.questions ?? []) add(id);
    for (const q of bank.questions) if (q.apis.includes(symbol)) add(q.id);
    const sim = this.similar.get(symbol);
    if (sim) for (const s of sim) add(s.id);
    else this.fetch(symbol);
    return out;
  }

  private fetch(symbol: string): void {
    if (this.pending.has(symbol)) return;
    this.pending.add(symbol);
    void this.search
      .get()
      .then((index) => index.relatedForSymbol(symbol, { k: 6 }))
      .then((hits) => {
        this.similar.set(symbol, hits.map((h) => ({ id: h.id, title: h.title })));
      })
      .catch(() => this.similar.set(symbol, []))
      .finally(() => this.pending.delete(symbol));
  }

  dispose(): void {
    this.sub.dispose();
  }
}
