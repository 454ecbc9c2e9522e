// Keeps one incrementally-updated ParsedDocument per open source document, and one combined parse per
// notebook (cells see each other's imports). Providers ask `calls(document)`; edits are applied from
// change events, so a keystroke costs an incremental reparse, not a full one.
import * as vscode from 'vscode';
import { detectSource } from '../core/code/detect';
import { type GrammarLoader, languageFor } from '../core/code/grammars';
import { combineCells, splitByCell } from '../core/code/notebook';
import { ParsedDocument } from '../core/code/parsedDocument';
import type { CodeLanguage, DetectedCall } from '../core/code/types';

interface Entry {
  version: number;
  parsed: ParsedDocument;
}

interface NotebookEntry {
  key: string;
  calls: DetectedCall[];
}

export const NOTEBOOK_CELL_SCHEME = 'vscode-notebook-cell';

export function documentLanguage(document: vscode.TextDocument): CodeLanguage | undefined {
  const lang = languageFor(document.languageId);
  return lang === 'notebook' ? undefined : lang;
}

export class CodeDocumentCache implements vscode.Disposable {
  private readonly docs = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry | undefined>>();
  private readonly notebooks = new Map<string, NotebookEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a document's text changed (its calls may differ). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly loader: GrammarLoader,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.disposables.push(
      this.changed,
      vscode.workspace.onDidChangeTextDocument((e) => this.onChange(e)),
      vscode.workspace.onDidCloseTextDocument((d) => this.drop(d.uri)),
      // A notebook is detected as one program: a cell added, removed or moved can change every cell's calls.
      vscode.workspace.onDidChangeNotebookDocument((e) => {
        if (e.contentChanges.length) this.fireCellsOf(e.notebook);
      }),
    );
  }

  /** Every code cell of a notebook may have new calls (an import typed in one cell serves them all). */
  private fireCellsOf(nb: vscode.NotebookDocument, except?: string): void {
    for (const c of nb.getCells()) {
      if (c.kind === vscode.NotebookCellKind.Code && c.document.uri.toString() !== except) this.changed.fire(c.document.uri);
    }
  }

  private onChange(e: vscode.TextDocumentChangeEvent): void {
    if (!e.contentChanges.length) return;
    const key = e.document.uri.toString();
    const entry = this.docs.get(key);
    if (entry) {
      try {
        entry.parsed.applyChanges(
          e.contentChanges.map((c) => ({
            rangeOffset: c.rangeOffset,
            rangeLength: c.rangeLength,
            text: c.text,
            range: {
              start: { line: c.range.start.line, character: c.range.start.character },
              end: { line: c.range.end.line, character: c.range.end.character },
            },
          })),
        );
        entry.version = e.document.version;
      } catch (err) {
        this.log(`GenAI Lens: incremental update failed, reparsing (${String(err)})`);
        this.drop(e.document.uri);
      }
    }
    this.changed.fire(e.document.uri);
    if (e.document.uri.scheme === NOTEBOOK_CELL_SCHEME) {
      const nb = notebookOf(key);
      if (nb) this.fireCellsOf(nb, key);
    }
  }

  private drop(uri: vscode.Uri): void {
    const key = uri.toString();
    this.docs.get(key)?.parsed.dispose();
    this.docs.delete(key);
  }

  /** Whether detection applies to this document at all. */
  supports(document: vscode.TextDocument): boolean {
    return documentLanguage(document) !== undefined;
  }

  /** Recognised calls in a document (cell-relative for notebook cells). */
  async calls(document: vscode.TextDocument): Promise<DetectedCall[]> {
    if (document.uri.scheme === NOTEBOOK_CELL_SCHEME) return this.notebookCellCalls(document);
    const entry = await this.entry(document);
    return entry ? entry.parsed.calls() : [];
  }

  private async entry(document: vscode.TextDocument): Promise<Entry | undefined> {
    const lang = documentLanguage(document);
    if (!lang) return undefined;
    const key = document.uri.toString();
    const existing = this.docs.get(key);
    if (existing && existing.version === document.version && existing.parsed.text.length === document.getText().length) return existing;
    if (existing) {
      // Out of step (a missed change event, a revert or reload): diff the text in as one edit, so the
      // reparse reuses the old tree and detection re-runs only where the text differs.
      try {
        existing.parsed.setText(document.getText());
        existing.version = document.version;
        return existing;
      } catch (err) {
        this.log(`GenAI Lens: incremental refresh failed, reparsing (${String(err)})`);
        this.drop(document.uri);
      }
    }
    const inflight = this.pending.get(key);
    if (inflight) {
      const e = await inflight;
      if (e && e.version === document.version) return e;
      // Edited while that parse ran: the entry now exists, so this diffs the new text in.
      if (e && this.docs.get(key) === e) return this.entry(document);
    }
    // Text and version are read together, before the grammar may load: an edit made while it loads
    // leaves the entry at the old version, so the next call diffs that edit in (even one that keeps
    // the length, which a length check alone would miss).
    const text = document.getText();
    const version = document.version;
    const p = (async () => {
      try {
        const parsed = await ParsedDocument.create(this.loader, lang, text);
        const e: Entry = { version, parsed };
        this.docs.get(key)?.parsed.dispose();
        this.docs.set(key, e);
        return e;
      } catch (err) {
        this.log(`GenAI Lens: could not parse ${document.uri.fsPath}: ${String(err)}`);
        return undefined;
      } finally {
        this.pending.delete(key);
      }
    })();
    this.pending.set(key, p);
    return p;
  }

  private async notebookCellCalls(cellDoc: vscode.TextDocument): Promise<DetectedCall[]> {
    const target = cellDoc.uri.toString();
    const nb = notebookOf(target);
    if (!nb) {
      // A cell we cannot place: analyse it alone.
      const lang = documentLanguage(cellDoc);
      return lang ? detectSource(this.loader, lang, cellDoc.getText()) : [];
    }
    const cells = nb.getCells().filter((c) => c.kind === vscode.NotebookCellKind.Code && c.document.languageId === 'python');
    const cell = nb.getCells().find((c) => c.document.uri.toString() === target);
    if (!cell) return [];
    const key = cells.map((c) => `${c.index}:${c.document.version}`).join(',');
    const nbKey = nb.uri.toString();
    let entry = this.notebooks.get(nbKey);
    if (!entry || entry.key !== key) {
      const combined = combineCells(cells.map((c) => ({ index: c.index, source: c.document.getText() })));
      const calls = splitByCell(await detectSource(this.loader, 'python', combined.text), combined);
      entry = { key, calls };
      this.notebooks.set(nbKey, entry);
    }
    return entry.calls.filter((c) => c.cell === cell.index);
  }

  dispose(): void {
    for (const e of this.docs.values()) e.parsed.dispose();
    this.docs.clear();
    this.notebooks.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** The open notebook holding the cell document with this URI. */
function notebookOf(cellUri: string): vscode.NotebookDocument | undefined {
  return vscode.workspace.notebookDocuments.find((n) => n.getCells().some((c) => c.document.uri.toString() === cellUri));
}
