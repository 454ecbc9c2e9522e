// The one message protocol between the extension and its webviews, imported by both bundles.
// Everything a webview sends is untrusted: `parseFromWebview` validates it before use.
import type { Difficulty, QuizType } from '../core/content/types';
import type { Answer } from '../core/review/answerCheck';
import type { RatingValue } from '../core/review/fsrsScheduler';

/** Again, Hard, Good, Easy: the review core's FSRS rating. */
export type Rating = RatingValue;

/** A quiz item as the webview sees it: no `correct` flags until the answer is checked. */
export interface ClientItem {
  itemId: string;
  questionId: string;
  questionTitle: string;
  topicTitle: string;
  difficulty: Difficulty;
  type: QuizType;
  prompt: string;
  options?: string[];
  reason: 'due' | 'new' | 'practice';
  /** Read as data only: no links, no HTML (user questions in an untrusted workspace). */
  restricted: boolean;
}

export interface OptionFeedback {
  text: string;
  correct: boolean;
  chosen: boolean;
  explanation: string;
}

export interface ClientResult {
  itemId: string;
  correct: boolean;
  suggested: Rating;
  reasons: string[];
  options?: OptionFeedback[];
  /** Markdown: the explanation, the accepted answers or the model answer. */
  explanation: string;
  keyPoints: string[];
  /** Next due date per rating, for the rating buttons ("Good · 3d"). */
  intervals: Record<Rating, string>;
}

export interface SessionSummary {
  answered: number;
  correct: number;
  durationMs: number;
  ratings: Record<Rating, number>;
  dueNow: number;
  nextDue?: string;
  dueTomorrow: number;
}

export interface QuizViewState {
  sessionId: string;
  title: string;
  items: ClientItem[];
  index: number;
  results: Record<string, ClientResult>;
  rated: Record<string, Rating>;
  startedAt: number;
  summary?: SessionSummary;
}

export interface QuestionViewModel {
  id: string;
  title: string;
  topic: string;
  topicTitle: string;
  difficulty: Difficulty;
  body: string;
  keyPoints: string[];
  apis: { symbol: string; title: string }[];
  related: { id: string; title: string }[];
  mastery?: number;
  /** Read as data only: no links, no HTML (user questions in an untrusted workspace). */
  restricted: boolean;
}

export interface ApiCardViewModel {
  symbol: string;
  title: string;
  body: string;
  summary: string;
  params: { name: string; meaning: string; typical?: string }[];
  pitfalls: string[];
  legacy?: { note: string; replacement: string };
  questions: { id: string; title: string }[];
  /** The user's own call, interpreted, when opened from the editor. */
  interpreted?: string[];
}

export interface ProgressViewModel {
  today: string;
  perDay: Record<string, number>;
  streak: { current: number; longest: number; reviewedToday: boolean };
  retention: { topic: string; title: string; reviews: number; retention: number | null }[];
  forecast: { day: string; due: number }[];
  totals: { reviews: number; items: number; seenItems: number; due: number };
}

export type ToWebview =
  | { type: 'quiz'; state: QuizViewState }
  | { type: 'result'; result: ClientResult }
  | { type: 'summary'; summary: SessionSummary }
  | { type: 'question'; model: QuestionViewModel }
  | { type: 'apiCard'; model: ApiCardViewModel }
  | { type: 'progress'; model: ProgressViewModel }
  | { type: 'error'; message: string };

/** The answer a learner gives: the review core's Answer, checked by checkAnswer. */
export type ClientAnswer = Answer;

export type FromWebview =
  | { type: 'ready' }
  | { type: 'answer'; itemId: string; answer: ClientAnswer }
  | { type: 'rate'; itemId: string; rating: Rating; durationMs: number }
  | { type: 'finish' }
  | { type: 'newSession' }
  | { type: 'openQuestion'; id: string }
  | { type: 'openApi'; symbol: string }
  | { type: 'quizQuestion'; id: string }
  /** The webview's view state after a change. The host takes only the position from it: what was
   *  answered and rated is the host's own record. */
  | { type: 'persist'; state: Pick<QuizViewState, 'sessionId' | 'index'> };

const MAX_TEXT = 20_000;
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown, max = 500): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;
const isInt = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const isRating = (v: unknown): v is Rating => v === 1 || v === 2 || v === 3 || v === 4;
const MAX_DURATION_MS = 86_400_000;
const clampDuration = (ms: number): number => (Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_DURATION_MS) : 0);

function parseAnswer(v: unknown): ClientAnswer | undefined {
  if (!isObj(v)) return undefined;
  switch (v.type) {
    case 'mcq':
      return isInt(v.choice, 0, 9) ? { type: 'mcq', choice: v.choice } : undefined;
    case 'multi':
      return Array.isArray(v.choices) && v.choices.length <= 10 && v.choices.every((c) => isInt(c, 0, 9))
        ? { type: 'multi', choices: [...new Set(v.choices as number[])] }
        : undefined;
    case 'truefalse':
      return typeof v.value === 'boolean' ? { type: 'truefalse', value: v.value } : undefined;
    case 'cloze':
    case 'free':
      return typeof v.text === 'string' && v.text.length <= MAX_TEXT ? { type: v.type, text: v.text } : undefined;
    default:
      return undefined;
  }
}

/** Returns the message if it has exactly a known shape, else undefined (the caller logs and ignores it). */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (!isObj(raw) || typeof raw.type !== 'string') return undefined;
  switch (raw.type) {
    case 'ready':
    case 'finish':
    case 'newSession':
      return { type: raw.type };
    case 'answer': {
      const answer = parseAnswer(raw.answer);
      return isStr(raw.itemId) && answer ? { type: 'answer', itemId: raw.itemId, answer } : undefined;
    }
    case 'rate':
      // A duration below zero or not finite (the clock stepped back) is clamped, not a reason to lose
      // the rating: the webview has already moved on to the next item.
      return isStr(raw.itemId) && isRating(raw.rating) && typeof raw.durationMs === 'number'
        ? { type: 'rate', itemId: raw.itemId, rating: raw.rating, durationMs: clampDuration(raw.durationMs) }
        : undefined;
    case 'openQuestion':
    case 'quizQuestion':
      return isStr(raw.id) ? { type: raw.type, id: raw.id } : undefined;
    case 'openApi':
      return isStr(raw.symbol) ? { type: 'openApi', symbol: raw.symbol } : undefined;
    case 'persist':
      return isObj(raw.state) && isStr(raw.state.sessionId) && Array.isArray(raw.state.items) && isInt(raw.state.index, 0, 10_000)
        ? { type: 'persist', state: { sessionId: raw.state.sessionId, index: raw.state.index } }
        : undefined;
    default:
      return undefined;
  }
}
