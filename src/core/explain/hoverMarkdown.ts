// Hover and CodeLens text as pure functions (the VS Code providers only wrap these), so they can be
// unit-tested and benchmarked without an editor.
import type { DetectedCall } from '../code/types';
import type { Explanation } from './types';

/**
 * Command ids the hover and lenses link to (all in src/vscode/commandIds.ts LINKABLE_COMMANDS); the
 * hover's MarkdownString trusts exactly these.
 */
export const HOVER_COMMANDS = {
  /** args: StartQuizArgs */
  quizMe: 'genaiLens.startQuiz',
  /** args: a question id string, or `{ symbol }` to open the API card panel. */
  openQuestion: 'genaiLens.openQuestion',
  /** args: a topic id string. */
  openTopic: 'genaiLens.openTopic',
  /** args: ExplainCallArgs (the command should fall back to the active editor when absent). */
  explainCall: 'genaiLens.explainCallAtCursor',
} as const;

export interface RelatedQuestion {
  id: string;
  title: string;
}

/** Arguments passed to the commands (JSON-encoded in the command URIs). */
/** The quiz session request understood by genaiLens.startQuiz (see src/vscode/quizArgs.ts). */
export type StartQuizArgs = { mode: 'questions'; questionIds: string[] } | { mode: 'apis'; symbols: string[] };

export function quizArgsFor(symbols: string[], questionIds: string[]): StartQuizArgs {
  return questionIds.length ? { mode: 'questions', questionIds } : { mode: 'apis', symbols };
}
export interface ExplainCallArgs {
  uri: string;
  line: number;
  character: number;
}

export function commandUri(command: string, args: unknown): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([args]))}`;
}

function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, '\\$1');
}

/** Markdown for a hover on one call. `location` lets the hover link to "Explain call at cursor". */
export function renderHoverMarkdown(
  call: DetectedCall,
  ex: Explanation,
  questions: readonly RelatedQuestion[],
  location?: ExplainCallArgs,
): string {
  const out: string[] = [];
  out.push(`**${escapeMd(ex.title)}** · _${escapeMd(ex.concept)}_${call.legacy ? ' · ⚠ legacy API' : ''}`);
  if (ex.summary) out.push('', escapeMd(ex.summary));
  if (ex.legacy) out.push('', `**Migrate:** ${escapeMd(ex.legacy.note)} Use \`${ex.legacy.replacement.replace(/`/g, "'")}\`.`);
  if (ex.interpreted.length) {
    out.push('', '**Your values**', '');
    for (const line of ex.interpreted.slice(0, 10)) out.push(`- ${escapeMd(line)}`);
  }
  if (ex.pitfalls.length) {
    out.push('', '**Watch out**', '');
    for (const p of ex.pitfalls.slice(0, 6)) out.push(`- ${p.severity === 'error' ? '⛔' : p.severity === 'warning' ? '⚠' : '💡'} ${escapeMd(p.message)}`);
  }
  const qs = questions.slice(0, 3);
  if (qs.length) {
    out.push('', '**Related questions**', '');
    for (const q of qs) out.push(`- [${escapeMd(q.title)}](${commandUri(HOVER_COMMANDS.openQuestion, q.id)})`);
  }
  const links: string[] = [];
  links.push(`[Quiz me on this](${commandUri(HOVER_COMMANDS.quizMe, quizArgsFor([call.symbol], questions.map((q) => q.id)))})`);
  links.push(`[Open full card](${commandUri(HOVER_COMMANDS.openQuestion, { symbol: call.symbol })})`);
  if (location) links.push(`[Explain beside](${commandUri(HOVER_COMMANDS.explainCall, location)})`);
  if (links.length) out.push('', links.join(' · '));
  return out.join('\n');
}

/** CodeLens titles for the calls on one line: "LoRA · explain" and "quiz me (3)". */
export function lensTitles(explanations: readonly Explanation[], questionCount: number): { explain: string; quiz?: string } {
  const concepts = [...new Set(explanations.map((e) => e.concept))];
  const head = concepts.length > 2 ? `${concepts.slice(0, 2).join(' + ')} +${concepts.length - 2}` : concepts.join(' + ');
  return { explain: `${head} · explain`, quiz: questionCount > 0 ? `quiz me (${questionCount})` : undefined };
}

/** Calls grouped by (cell, line) of their callee, in order; the unit of one CodeLens row. */
export function groupCallsByLine(calls: readonly DetectedCall[]): DetectedCall[][] {
  const groups = new Map<string, DetectedCall[]>();
  for (const c of calls) {
    const key = `${c.cell ?? ''}:${c.calleeRange.start.line}`;
    const g = groups.get(key);
    if (g) g.push(c);
    else groups.set(key, [c]);
  }
  return [...groups.values()];
}
