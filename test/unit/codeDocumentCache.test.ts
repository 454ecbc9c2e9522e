// The document cache that feeds hovers, CodeLens and hints, driven through a stand-in for the small
// part of the `vscode` API it uses: change events, documents and notebooks.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';

const host = vi.hoisted(() => {
  class Emitter<T> {
    private listeners: Array<(e: T) => void> = [];
    event = (l: (e: T) => void) => {
      this.listeners.push(l);
      return { dispose: () => void (this.listeners = this.listeners.filter((x) => x !== l)) };
    };
    fire(e: T): void {
      for (const l of [...this.listeners]) l(e);
    }
    dispose(): void {
      this.listeners = [];
    }
  }
  return { Emitter, textChanged: new Emitter<unknown>(), notebookChanged: new Emitter<unknown>(), notebooks: [] as unknown[] };
});

vi.mock('vscode', () => ({
  EventEmitter: host.Emitter,
  NotebookCellKind: { Markup: 1, Code: 2 },
  workspace: {
    notebookDocuments: host.notebooks,
    onDidChangeTextDocument: host.textChanged.event,
    onDidChangeNotebookDocument: host.notebookChanged.event,
    onDidCloseTextDocument: () => ({ dispose() {} }),
  },
}));

import { CodeDocumentCache } from '../../src/vscode/codeDocumentCache';
import { GrammarLoader, nodeModulesGrammarLocator } from '../../src/core/code/grammars';

const uri = (s: string) => ({ toString: () => s, scheme: s.split(':')[0], fsPath: s });

class Doc {
  version = 1;
  isClosed = false;
  readonly uri: ReturnType<typeof uri>;
  constructor(u: string, readonly languageId: string, public text: string) {
    this.uri = uri(u);
  }
  getText(): string {
    return this.text;
  }
  private pos(o: number) {
    const lines = this.text.slice(0, o).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  }
  /** Applies an edit and tells the cache, as VS Code's change event would. */
  edit(from: string, to: string): void {
    const start = this.text.indexOf(from);
    const range = { start: this.pos(start), end: this.pos(start + from.length) };
    this.text = this.text.slice(0, start) + to + this.text.slice(start + from.length);
    this.version++;
    host.textChanged.fire({ document: this, contentChanges: [{ range, rangeOffset: start, rangeLength: from.length, text: to }] });
  }
}

const loader = () => new GrammarLoader(nodeModulesGrammarLocator(join(__dirname, '../../node_modules')));

describe('CodeDocumentCache', () => {
  beforeEach(() => {
    host.notebooks.length = 0;
  });

  it('picks up an edit that keeps the length, made while the grammar loads on first open', async () => {
    const doc = new Doc('file:///a.py', 'python', 'from peft import LoraConfig\ncfg = LoraConfig(r=8, lora_alpha=16)\n');
    const cache = new CodeDocumentCache(loader());
    const first = cache.calls(doc as never);
    doc.edit('r=8', 'r=4');
    await first;
    const calls = await cache.calls(doc as never);
    expect(calls[0].args.find((a) => a.name === 'r')?.value).toBe(4);
    doc.edit('alpha=16', 'alpha=32');
    const again = await cache.calls(doc as never);
    expect(again[0].args.find((a) => a.name === 'r')?.value).toBe(4);
    expect(again[0].args.find((a) => a.name === 'lora_alpha')?.value).toBe(32);
    cache.dispose();
  });

  it('tells every code cell of a notebook that its calls may have changed when one cell is edited', async () => {
    const cell1 = new Doc('vscode-notebook-cell:/nb.ipynb#c1', 'python', 'import os\n');
    const cell2 = new Doc('vscode-notebook-cell:/nb.ipynb#c2', 'python', 'client.chat.completions.create(model="gpt-4o", messages=[])\n');
    const markdown = new Doc('vscode-notebook-cell:/nb.ipynb#m1', 'markdown', '# notes');
    const nb = {
      uri: uri('file:///nb.ipynb'),
      getCells: () => [
        { index: 0, kind: 2, document: cell1 },
        { index: 1, kind: 1, document: markdown },
        { index: 2, kind: 2, document: cell2 },
      ],
    };
    host.notebooks.push(nb);
    const cache = new CodeDocumentCache(loader());
    const fired: string[] = [];
    cache.onDidChange((u) => fired.push(u.toString()));
    expect(await cache.calls(cell2 as never)).toEqual([]);
    cell1.edit('import os', 'from openai import OpenAI\nclient = OpenAI()');
    expect(fired.sort()).toEqual([cell1.uri.toString(), cell2.uri.toString()].sort());
    expect((await cache.calls(cell2 as never)).map((c) => c.symbol)).toEqual(['openai:chat.completions.create']);
    fired.length = 0;
    host.notebookChanged.fire({ notebook: nb, contentChanges: [{}] });
    expect(fired.sort()).toEqual([cell1.uri.toString(), cell2.uri.toString()].sort());
    cache.dispose();
  });
});
