// The shapes of the compiled question bank. Content files (content/**) are validated into these
// by contentSchema.ts; everything downstream (search, quiz, hovers, tree) reads only these types.

export const TOPIC_IDS = [
  'foundations',
  'generative-models',
  'transformers',
  'llm-training',
  'fine-tuning',
  'alignment',
  'inference',
  'prompting',
  'rag',
  'agents',
  'evaluation',
  'safety',
  'image-generation',
  'production',
] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

export type Difficulty = 'easy' | 'medium' | 'hard';

export interface QuizOption {
  text: string;
  correct: boolean;
  explanation: string;
}

export type QuizItem =
  | { id: string; type: 'mcq'; prompt: string; options: QuizOption[] }
  | { id: string; type: 'multi'; prompt: string; options: QuizOption[] }
  | { id: string; type: 'truefalse'; prompt: string; answer: boolean; explanation: string }
  | { id: string; type: 'cloze'; prompt: string; answers: string[]; explanation: string }
  | { id: string; type: 'free'; prompt: string; modelAnswer: string };

export type QuizType = QuizItem['type'];

export interface Question {
  /** Stable kebab-case id; user questions are namespaced `user/<id>`. */
  id: string;
  title: string;
  topic: TopicId;
  difficulty: Difficulty;
  tags: string[];
  aliases: string[];
  apis: string[];
  related: string[];
  sources: string[];
  keyPoints: string[];
  quiz: QuizItem[];
  /** The answer body, Markdown with KaTeX math ($...$, $$...$$). */
  body: string;
  /** Where it came from: `builtin` or the absolute path of a user file. */
  origin: string;
}

export interface Topic {
  id: TopicId;
  title: string;
  order: number;
  summary: string;
  body: string;
}

export interface ApiParam {
  name: string;
  meaning: string;
  typical?: string;
}

export interface ApiCard {
  /** `<library>:<dotted name as documented>`, e.g. `peft:LoraConfig`. */
  symbol: string;
  library: string;
  title: string;
  /** Short concept name for CodeLens titles, e.g. "LoRA". */
  concept: string;
  /** Two or three sentences for the hover. */
  summary: string;
  questions: string[];
  params: ApiParam[];
  pitfalls: string[];
  /** Set on pre-1.0 openai and deprecated langchain APIs. */
  legacy?: { note: string; replacement: string };
  body: string;
}

export interface GlossaryEntry {
  term: string;
  definition: string;
  related: string[];
}

export interface Bank {
  version: number;
  /** sha256 of the compiled content, used to key caches (bank vectors). */
  hash: string;
  topics: Topic[];
  questions: Question[];
  apis: ApiCard[];
  glossary: GlossaryEntry[];
}
