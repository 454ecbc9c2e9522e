// The pure half of the CodeLens provider: which lens rows a file gets and what each one says/does.
import type { DetectedCall } from '../code/types';
import type { ApiCard } from '../content/types';
import { explainCall } from './explainCall';
import { groupCallsByLine, HOVER_COMMANDS, lensTitles, quizArgsFor } from './hoverMarkdown';

export interface LensDeps {
  getCard(symbol: string): ApiCard | undefined;
  questionsFor(symbol: string): { id: string; title: string }[];
}

/** Pure part of provideCodeLenses: one group per line, and whether it gets a quiz lens. */
export function buildLenses(calls: readonly DetectedCall[], questionCount: (symbol: string) => number): { calls: DetectedCall[]; hasQuiz: boolean }[] {
  return groupCallsByLine(calls).map((g) => ({ calls: g, hasQuiz: g.some((c) => questionCount(c.symbol) > 0) }));
}

/** Pure part of resolveCodeLens. */
export function resolveLens(
  calls: readonly DetectedCall[],
  kind: 'explain' | 'quiz',
  uri: string,
  dialect: 'python' | 'js',
  deps: LensDeps,
): { title: string; command: string; args: unknown } {
  const symbols = [...new Set(calls.map((c) => c.symbol))];
  const questionIds = [...new Set(symbols.flatMap((s) => deps.questionsFor(s).map((q) => q.id)))];
  const exps = calls.map((c) => explainCall(c, deps.getCard(c.symbol), { dialect }));
  const titles = lensTitles(exps, questionIds.length);
  const start = calls[0].calleeRange.start;
  if (kind === 'quiz') return { title: titles.quiz ?? 'quiz me', command: HOVER_COMMANDS.quizMe, args: quizArgsFor(symbols, questionIds) };
  return { title: titles.explain, command: HOVER_COMMANDS.explainCall, args: { uri, line: start.line, character: start.character } };
}

