// Validates quiz arguments that arrive through commands (hover links, CodeLens, tree items, other
// extensions). Free of the vscode module so it is unit-tested.
import { TOPIC_IDS, type Difficulty, type TopicId } from '../core/content/types';
import type { SessionRequest } from '../core/review/quizSession';

const DIFFICULTIES: Difficulty[] = ['easy', 'medium', 'hard'];

export function parseSessionArg(arg: unknown, defaultSize: number): SessionRequest | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  const size = Number.isInteger(a.size) && (a.size as number) > 0 && (a.size as number) <= 200 ? (a.size as number) : defaultSize;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length < 300).slice(0, 200) : []);
  switch (a.mode) {
    case 'due':
    case 'new':
    case 'mixed':
      return { mode: a.mode, size };
    case 'topic':
      return TOPIC_IDS.includes(a.topic as TopicId) ? { mode: 'topic', topic: a.topic as TopicId, size } : undefined;
    case 'difficulty':
      return DIFFICULTIES.includes(a.difficulty as Difficulty) ? { mode: 'difficulty', difficulty: a.difficulty as Difficulty, size } : undefined;
    case 'apis': {
      const symbols = strings(a.symbols);
      return symbols.length ? { mode: 'apis', symbols, size } : undefined;
    }
    case 'questions': {
      const questionIds = strings(a.questionIds);
      return questionIds.length ? { mode: 'questions', questionIds, size: Math.max(size, questionIds.length * 6) } : undefined;
    }
    default:
      return undefined;
  }
}

