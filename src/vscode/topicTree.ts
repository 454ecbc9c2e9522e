// The sidebar "Topics" tree: topic → questions, with difficulty, due counts and mastery.
// Mastery and due counts come from a MasterySource (the review store); filtering from a predicate.
import * as vscode from 'vscode';
import type { Difficulty, Question, Topic } from '../core/content/types';
import type { BankService } from './bankService';
import { COMMANDS } from './commandIds';

export interface QuestionStats {
  /** FSRS retrievability averaged over the question's items; undefined when never reviewed. */
  mastery?: number;
  due: number;
  seen: boolean;
}

export interface MasterySource {
  statsFor(question: Question, now: Date): QuestionStats;
  readonly onDidChange: vscode.Event<void>;
}

export type TopicFilter =
  | { kind: 'difficulty'; difficulty: Difficulty }
  | { kind: 'due' }
  | { kind: 'unseen' }
  | { kind: 'search'; query: string; ids: string[] };

type Node = { kind: 'topic'; topic: Topic } | { kind: 'question'; question: Question };

export class TopicTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filter?: TopicFilter;
  private readonly subs: vscode.Disposable[] = [];

  constructor(
    private readonly bank: BankService,
    private readonly mastery?: MasterySource,
  ) {
    this.subs.push(bank.onDidChange(() => this.refresh()));
    if (mastery) this.subs.push(mastery.onDidChange(() => this.refresh()));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  setFilter(filter: TopicFilter | undefined): void {
    this.filter = filter;
    void vscode.commands.executeCommand('setContext', 'genaiLens.topicFilterActive', !!filter);
    this.refresh();
  }

  getFilter(): TopicFilter | undefined {
    return this.filter;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    const bank = await this.bank.bank();
    const now = new Date();
    const visible = bank.questions.filter((q) => this.matches(q, now));
    if (!node) {
      return bank.topics
        .filter((t) => !this.filter || visible.some((q) => q.topic === t.id))
        .map((topic) => ({ kind: 'topic', topic }));
    }
    if (node.kind === 'question') return [];
    const qs = visible.filter((q) => q.topic === node.topic.id);
    if (this.filter?.kind === 'search') {
      const rank = new Map(this.filter.ids.map((id, i) => [id, i]));
      qs.sort((a, b) => (rank.get(a.id) ?? 1e9) - (rank.get(b.id) ?? 1e9));
    } else {
      const order = { easy: 0, medium: 1, hard: 2 };
      qs.sort((a, b) => order[a.difficulty] - order[b.difficulty] || a.title.localeCompare(b.title));
    }
    return qs.map((question) => ({ kind: 'question', question }));
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'topic') return undefined;
    const topic = this.bank.topic(node.question.topic);
    return topic ? { kind: 'topic', topic } : undefined;
  }

  async getTreeItem(node: Node): Promise<vscode.TreeItem> {
    const now = new Date();
    if (node.kind === 'topic') {
      const bank = await this.bank.bank();
      const qs = bank.questions.filter((q) => q.topic === node.topic.id);
      let due = 0;
      let masterySum = 0;
      let seen = 0;
      for (const q of qs) {
        const s = this.mastery?.statsFor(q, now);
        if (!s) continue;
        due += s.due;
        if (s.mastery !== undefined) {
          masterySum += s.mastery;
          seen++;
        }
      }
      const item = new vscode.TreeItem(node.topic.title, this.filter ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `topic:${node.topic.id}`;
      item.contextValue = 'topic';
      const mastery = seen ? Math.round((masterySum / qs.length) * 100) : 0;
      item.description = `${qs.length} q · ${due} due · ${mastery}% mastered`;
      item.tooltip = new vscode.MarkdownString(`**${node.topic.title}**\n\n${node.topic.summary}\n\n${seen} of ${qs.length} questions studied, ${due} items due.`);
      item.iconPath = new vscode.ThemeIcon('book');
      item.accessibilityInformation = { label: `${node.topic.title}: ${qs.length} questions, ${due} due, ${mastery} percent mastered` };
      return item;
    }
    const q = node.question;
    const s = this.mastery?.statsFor(q, now);
    const item = new vscode.TreeItem(q.title, vscode.TreeItemCollapsibleState.None);
    item.id = `question:${q.id}`;
    item.contextValue = 'question';
    const masteryText = s?.mastery === undefined ? 'new' : `${Math.round(s.mastery * 100)}% recall`;
    item.description = `${q.difficulty} · ${masteryText}${s?.due ? ` · ${s.due} due` : ''}`;
    item.tooltip = new vscode.MarkdownString(`**${q.title}**\n\n${q.keyPoints.map((k) => `- ${k}`).join('\n')}`);
    item.iconPath = masteryIcon(s);
    item.command = { command: COMMANDS.openQuestion, title: 'Open', arguments: [q.id] };
    item.accessibilityInformation = { label: `${q.title}, ${q.difficulty}, ${masteryText}` };
    return item;
  }

  private matches(q: Question, now: Date): boolean {
    const f = this.filter;
    if (!f) return true;
    switch (f.kind) {
      case 'difficulty':
        return q.difficulty === f.difficulty;
      case 'due':
        return (this.mastery?.statsFor(q, now).due ?? 0) > 0;
      case 'unseen':
        return !(this.mastery?.statsFor(q, now).seen ?? false);
      case 'search':
        return f.ids.includes(q.id);
    }
  }

  dispose(): void {
    this.changed.dispose();
    for (const s of this.subs) s.dispose();
  }
}

function masteryIcon(s: QuestionStats | undefined): vscode.ThemeIcon {
  if (!s || s.mastery === undefined) return new vscode.ThemeIcon('circle-outline');
  if (s.due > 0) return new vscode.ThemeIcon('history', new vscode.ThemeColor('charts.orange'));
  if (s.mastery >= 0.9) return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green'));
  if (s.mastery >= 0.7) return new vscode.ThemeIcon('circle-large-filled', new vscode.ThemeColor('charts.yellow'));
  return new vscode.ThemeIcon('circle-large-outline', new vscode.ThemeColor('charts.red'));
}
