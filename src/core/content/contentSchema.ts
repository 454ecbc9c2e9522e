// Zod schemas for content front matter. The field names are fixed by the content format
// (docs/CONTENT.md) so that tools, the trainer and user-written questions all read the same shape.
import { z } from 'zod';
import { TOPIC_IDS } from './types';

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const kebabId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be kebab-case (a-z, 0-9, -)');
export const SYMBOL_RE = /^[a-z_]+:[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*$/;

const option = z.strictObject({ text: nonEmpty, correct: z.boolean(), explanation: nonEmpty });

const mcq = z.strictObject({
  type: z.literal('mcq'),
  prompt: nonEmpty,
  options: z
    .array(option)
    .length(4, 'a multiple-choice item has exactly 4 options')
    .refine((o) => o.filter((x) => x.correct).length === 1, 'a multiple-choice item has exactly 1 correct option'),
});
const multi = z.strictObject({
  type: z.literal('multi'),
  prompt: nonEmpty,
  options: z
    .array(option)
    .min(4, 'a multi-select item has 4 to 6 options')
    .max(6, 'a multi-select item has 4 to 6 options')
    .refine((o) => o.filter((x) => x.correct).length >= 2, 'a multi-select item has at least 2 correct options')
    .refine((o) => o.some((x) => !x.correct), 'a multi-select item has at least 1 wrong option'),
});
const truefalse = z.strictObject({ type: z.literal('truefalse'), prompt: nonEmpty, answer: z.boolean(), explanation: nonEmpty });
const cloze = z.strictObject({
  type: z.literal('cloze'),
  prompt: nonEmpty.refine((p) => (p.match(/___/g) ?? []).length === 1, 'a cloze prompt has exactly one blank written as ___'),
  answers: z.array(z.union([nonEmpty, z.number().transform(String)])).min(1, 'a cloze item needs at least one accepted answer'),
  explanation: nonEmpty,
});
const free = z.strictObject({ type: z.literal('free'), prompt: nonEmpty, modelAnswer: nonEmpty });

export const quizItemSchema = z.discriminatedUnion('type', [mcq, multi, truefalse, cloze, free]);

export const questionFrontMatterSchema = z.strictObject({
  id: kebabId,
  title: nonEmpty,
  topic: z.enum(TOPIC_IDS),
  difficulty: z.enum(['easy', 'medium', 'hard']),
  tags: z.array(nonEmpty).min(2, 'give at least 2 tags'),
  aliases: z.array(nonEmpty).min(3, 'give at least 3 aliases (phrasings a learner would type)'),
  apis: z.array(z.string().regex(SYMBOL_RE, 'must be a symbol id like "peft:LoraConfig"')).default([]),
  related: z.array(z.string().min(1)).default([]),
  sources: z.array(z.string()).default([]),
  keyPoints: z.array(nonEmpty).min(3, 'give 3 to 6 key points').max(6, 'give 3 to 6 key points'),
  quiz: z
    .array(quizItemSchema)
    .min(2, 'give at least 2 quiz items')
    .refine((q) => q.some((i) => i.type === 'mcq'), 'include at least one multiple-choice (mcq) item'),
});

export const topicFrontMatterSchema = z.strictObject({
  id: z.enum(TOPIC_IDS),
  title: nonEmpty,
  order: z.number().int().min(1),
  summary: nonEmpty,
});

export const apiCardFrontMatterSchema = z.strictObject({
  symbol: z.string().regex(SYMBOL_RE, 'must be a symbol id like "peft:LoraConfig"'),
  library: nonEmpty,
  title: nonEmpty,
  concept: nonEmpty,
  summary: nonEmpty,
  questions: z.array(z.string()).min(1, 'link at least one question'),
  params: z
    .array(z.strictObject({ name: nonEmpty, meaning: nonEmpty, typical: z.union([z.string(), z.number()]).transform(String).optional() }))
    .default([]),
  pitfalls: z.array(nonEmpty).default([]),
  legacy: z.strictObject({ note: nonEmpty, replacement: nonEmpty }).optional(),
});

export const glossarySchema = z.array(
  z.strictObject({ term: nonEmpty, definition: nonEmpty, related: z.array(z.string()).default([]) }),
);

export type QuestionFrontMatter = z.infer<typeof questionFrontMatterSchema>;
export type ApiCardFrontMatter = z.infer<typeof apiCardFrontMatterSchema>;
