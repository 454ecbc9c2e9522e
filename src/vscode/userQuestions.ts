// Learners' and teams' own questions: Markdown files in `.genai-lens/questions/` of each workspace
// folder (and an optional folder from settings), loaded beside the built-in bank with ids namespaced
// `user/…`. Problems go to the Problems panel with the exact line; bad files are skipped; a watcher
// reloads on change.
import * as vscode from 'vscode';
import { compileQuestion } from '../core/content/loadBank';
import type { Question } from '../core/content/types';
import type { BankService } from './bankService';

export const USER_PREFIX = 'user/';
const MAX_FILES = 2000;

export class UserQuestions implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('genai-lens-questions');
  private readonly subs: vscode.Disposable[] = [this.diagnostics];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly bank: BankService,
    private readonly log: vscode.LogOutputChannel,
    private extraFolder: string,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher('**/.genai-lens/questions/**/*.md');
    this.subs.push(watcher, watcher.onDidChange(() => this.schedule()), watcher.onDidCreate(() => this.schedule()), watcher.onDidDelete(() => this.schedule()));
    this.subs.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()));
    this.subs.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()));
  }

  setExtraFolder(folder: string): void {
    this.extraFolder = folder;
    this.schedule();
  }

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload().catch((e: unknown) => this.log.error(`User questions: ${(e as Error).message}`)), 300);
  }

  async reload(): Promise<number> {
    const files: vscode.Uri[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      files.push(...(await vscode.workspace.findFiles(new vscode.RelativePattern(folder, '.genai-lens/questions/**/*.md'), null, MAX_FILES)));
    }
    if (this.extraFolder) {
      files.push(...(await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.file(this.extraFolder), '**/*.md'), null, MAX_FILES)));
    }
    const builtin = await this.bank.bank();
    const builtinIds = new Set(builtin.questions.filter((q) => q.origin === 'builtin').map((q) => q.id));
    const compiled: { uri: vscode.Uri; question: Question; relatedLine: number }[] = [];
    const perFile = new Map<string, vscode.Diagnostic[]>();
    const diag = (uri: vscode.Uri, line: number, message: string, severity: vscode.DiagnosticSeverity) => {
      const d = new vscode.Diagnostic(new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, line - 1), 1000), message, severity);
      d.source = 'GenAI Lens';
      perFile.set(uri.toString(), [...(perFile.get(uri.toString()) ?? []), d]);
    };
    for (const uri of files) {
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch (e) {
        diag(uri, 1, `Could not read this file: ${(e as Error).message}`, vscode.DiagnosticSeverity.Error);
        continue;
      }
      const r = compileQuestion(text, uri.fsPath, { strict: false, idPrefix: USER_PREFIX, origin: uri.fsPath });
      for (const p of r.problems) diag(uri, p.line, p.message, p.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      if (r.question && !r.problems.some((p) => p.severity === 'error')) compiled.push({ uri, question: r.question, relatedLine: r.lines?.related ?? 1 });
    }
    // Ids must be unique among user files; related ids may name built-in or other user questions.
    const seen = new Set<string>();
    const accepted: Question[] = [];
    const userIds = new Set(compiled.map((c) => c.question.id));
    for (const c of compiled) {
      if (seen.has(c.question.id)) {
        diag(c.uri, 2, `Another file already defines the id "${c.question.id.slice(USER_PREFIX.length)}"; this one is skipped.`, vscode.DiagnosticSeverity.Error);
        continue;
      }
      seen.add(c.question.id);
      const related: string[] = [];
      for (const r of c.question.related) {
        if (builtinIds.has(r)) related.push(r);
        else if (userIds.has(USER_PREFIX + r)) related.push(USER_PREFIX + r);
        else diag(c.uri, c.relatedLine, `related: unknown question id "${r}" (ignored)`, vscode.DiagnosticSeverity.Warning);
      }
      accepted.push({ ...c.question, related, apis: c.question.apis.filter((s) => this.bank.card(s)) });
    }
    this.diagnostics.clear();
    for (const [uri, ds] of perFile) this.diagnostics.set(vscode.Uri.parse(uri), ds);
    await this.bank.setUserQuestions(accepted);
    this.log.info(`User questions: ${accepted.length} loaded from ${files.length} file(s)`);
    return accepted.length;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subs) s.dispose();
  }
}
