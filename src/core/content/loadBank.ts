// Compiles content files (Markdown + YAML front matter) into a validated Bank. Used by the build
// (scripts/buildContent.ts), the unit tests, the trainer, and at run time for users' own questions.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { parseDocument, LineCounter } from 'yaml';
import type { z } from 'zod';
import { parseFrontMatter, type Problem } from './frontMatter';
import {
  apiCardFrontMatterSchema,
  glossarySchema,
  questionFrontMatterSchema,
  topicFrontMatterSchema,
} from './contentSchema';
import { answerWordCount, checkMarkdown, followUpCount } from './markdownCheck';
import { TOPIC_IDS, type ApiCard, type Bank, type GlossaryEntry, type Question, type QuizItem, type Topic } from './types';

export type { Problem } from './frontMatter';

export const BANK_FORMAT_VERSION = 1;

export interface CompileOptions {
  /** Built-in content enforces the answer length rule; users' questions only get warnings. */
  strict: boolean;
  /** Prefix for ids (users' questions are namespaced `user/`). */
  idPrefix?: string;
  origin?: string;
}

function zodProblems(file: string, error: z.ZodError, lineOf: (p: ReadonlyArray<PropertyKey>) => number): Problem[] {
  return error.issues.map((issue) => {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const field = path.length ? path.join('.') : '(front matter)';
    return { file, line: lineOf(path), severity: 'error' as const, message: `${field}: ${issue.message}` };
  });
}

export interface FieldLines {
  related: number;
  apis: number;
}

export function compileQuestion(
  text: string,
  file: string,
  opts: CompileOptions,
): { question?: Question; problems: Problem[]; lines?: FieldLines } {
  const fm = parseFrontMatter(text, file);
  const problems = [...fm.problems];
  if (fm.data === undefined) return { problems };
  const parsed = questionFrontMatterSchema.safeParse(fm.data);
  if (!parsed.success) return { problems: [...problems, ...zodProblems(file, parsed.error, fm.lineOf)] };
  const d = parsed.data;
  const expectedId = basename(file).replace(/\.md$/, '');
  if (opts.strict && d.id !== expectedId) {
    problems.push({ file, line: fm.lineOf(['id']), severity: 'error', message: `id "${d.id}" must match the file name "${expectedId}"` });
  }
  if (opts.strict && basename(dirname(file)) !== d.topic) {
    problems.push({ file, line: fm.lineOf(['topic']), severity: 'error', message: `topic "${d.topic}" must match the folder "${basename(dirname(file))}"` });
  }
  problems.push(...bodyProblems(fm.body, file, fm.bodyLine, opts.strict));
  const prefix = opts.idPrefix ?? '';
  const id = prefix + d.id;
  const quiz: QuizItem[] = d.quiz.map((item, i) => ({ ...item, id: `${id}#${i}` }) as QuizItem);
  return {
    question: {
      ...d,
      id,
      related: d.related,
      quiz,
      body: fm.body.trim(),
      origin: opts.origin ?? 'builtin',
    },
    problems,
    lines: { related: fm.lineOf(['related']), apis: fm.lineOf(['apis']) },
  };
}

function bodyProblems(body: string, file: string, bodyLine: number, strict: boolean): Problem[] {
  const out: Problem[] = checkMarkdown(body).map((i) => ({ file, line: bodyLine + i.lineOffset, severity: 'error' as const, message: i.message }));
  const words = answerWordCount(body);
  if (words < 120 || words > 400) {
    out.push({ file, line: bodyLine, severity: strict ? 'error' : 'warning', message: `the answer has ${words} words of prose; write 120–400` });
  }
  if (followUpCount(body) < 1) {
    out.push({ file, line: bodyLine, severity: strict ? 'error' : 'warning', message: 'add a "## Follow-ups" section with at least one bullet' });
  }
  return out;
}

function compileTopic(text: string, file: string): { topic?: Topic; problems: Problem[] } {
  const fm = parseFrontMatter(text, file);
  if (fm.data === undefined) return { problems: fm.problems };
  const parsed = topicFrontMatterSchema.safeParse(fm.data);
  if (!parsed.success) return { problems: [...fm.problems, ...zodProblems(file, parsed.error, fm.lineOf)] };
  const problems = [...fm.problems, ...checkMarkdown(fm.body).map((i) => ({ file, line: fm.bodyLine + i.lineOffset, severity: 'error' as const, message: i.message }))];
  return { topic: { ...parsed.data, body: fm.body.trim() }, problems };
}

function compileApiCard(text: string, file: string): { card?: ApiCard; problems: Problem[] } {
  const fm = parseFrontMatter(text, file);
  if (fm.data === undefined) return { problems: fm.problems };
  const parsed = apiCardFrontMatterSchema.safeParse(fm.data);
  if (!parsed.success) return { problems: [...fm.problems, ...zodProblems(file, parsed.error, fm.lineOf)] };
  const d = parsed.data;
  const problems = [...fm.problems, ...checkMarkdown(fm.body).map((i) => ({ file, line: fm.bodyLine + i.lineOffset, severity: 'error' as const, message: i.message }))];
  if (d.symbol.split(':')[0] !== d.library) {
    problems.push({ file, line: fm.lineOf(['library']), severity: 'error', message: `library "${d.library}" must be the symbol's prefix "${d.symbol.split(':')[0]}"` });
  }
  const expectedFile = d.symbol.slice(d.symbol.indexOf(':') + 1) + '.md';
  if (basename(file) !== expectedFile || basename(dirname(file)) !== d.library) {
    problems.push({ file, line: fm.lineOf(['symbol']), severity: 'error', message: `a card for ${d.symbol} belongs at apis/${d.library}/${expectedFile}` });
  }
  return { card: { ...d, params: d.params.map((p) => ({ ...p })), body: fm.body.trim() }, problems };
}

function compileGlossary(text: string, file: string): { glossary: GlossaryEntry[]; problems: Problem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) {
    return { glossary: [], problems: doc.errors.map((e) => ({ file, line: e.pos ? lc.linePos(e.pos[0]).line : 1, severity: 'error' as const, message: `YAML: ${e.message.split('\n')[0]}` })) };
  }
  const parsed = glossarySchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      glossary: [],
      problems: parsed.error.issues.map((i) => {
        const idx = typeof i.path[0] === 'number' ? i.path[0] : 0;
        const item = (doc.contents as { items?: { range?: [number] }[] } | null)?.items?.[idx];
        return { file, line: item?.range ? lc.linePos(item.range[0]).line : 1, severity: 'error' as const, message: `${i.path.join('.')}: ${i.message}` };
      }),
    };
  }
  return { glossary: parsed.data, problems: [] };
}

function listMarkdown(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of entries.sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listMarkdown(p));
    else if (name.endsWith('.md') && !name.startsWith('_') && name !== 'README.md') out.push(p);
  }
  return out;
}

/** Reads and validates everything under `contentDir`; cross-references are checked too. */
export function loadBankFromDir(contentDir: string): { bank: Bank; problems: Problem[] } {
  const problems: Problem[] = [];
  const rel = (p: string) => relative(contentDir, p).split(sep).join('/');
  const questions: Question[] = [];
  const where = new Map<string, { file: string; lines: FieldLines }>();
  for (const f of listMarkdown(join(contentDir, 'questions'))) {
    const r = compileQuestion(readFileSync(f, 'utf8'), f, { strict: true });
    problems.push(...r.problems.map((p) => ({ ...p, file: rel(p.file) })));
    if (r.question && r.lines) {
      questions.push(r.question);
      where.set(r.question.id, { file: rel(f), lines: r.lines });
    }
  }
  const topics: Topic[] = [];
  for (const f of listMarkdown(join(contentDir, 'topics'))) {
    const r = compileTopic(readFileSync(f, 'utf8'), f);
    problems.push(...r.problems.map((p) => ({ ...p, file: rel(p.file) })));
    if (r.topic) topics.push(r.topic);
  }
  const apis: ApiCard[] = [];
  for (const f of listMarkdown(join(contentDir, 'apis'))) {
    const r = compileApiCard(readFileSync(f, 'utf8'), f);
    problems.push(...r.problems.map((p) => ({ ...p, file: rel(p.file) })));
    if (r.card) apis.push(r.card);
  }
  let glossary: GlossaryEntry[] = [];
  const glossaryFile = join(contentDir, 'glossary.yaml');
  try {
    const r = compileGlossary(readFileSync(glossaryFile, 'utf8'), glossaryFile);
    glossary = r.glossary;
    problems.push(...r.problems.map((p) => ({ ...p, file: rel(p.file) })));
  } catch {
    problems.push({ file: 'glossary.yaml', line: 1, severity: 'error', message: 'content/glossary.yaml is missing' });
  }
  topics.sort((a, b) => a.order - b.order);
  questions.sort((a, b) => a.id.localeCompare(b.id));
  apis.sort((a, b) => a.symbol.localeCompare(b.symbol));
  const bank = makeBank(topics, questions, apis, glossary);
  problems.push(
    ...crossCheck(bank, (kind, id, field) => {
      const w = where.get(id);
      if (kind === 'question' && w) return { file: w.file, line: field === 'apis' ? w.lines.apis : field === 'related' ? w.lines.related : 1 };
      if (kind === 'api') return { file: `apis/${id.replace(':', '/')}.md`, line: 1 };
      return { file: 'glossary.yaml', line: 1 };
    }),
  );
  return { bank, problems };
}

export function makeBank(topics: Topic[], questions: Question[], apis: ApiCard[], glossary: GlossaryEntry[]): Bank {
  const hash = createHash('sha256').update(JSON.stringify({ topics, questions, apis, glossary })).digest('hex').slice(0, 16);
  return { version: BANK_FORMAT_VERSION, hash, topics, questions, apis, glossary };
}

/**
 * What makes two glossary terms the same entry: case, dash style and a trailing qualifier in
 * parentheses do not ("Bradley-Terry model" = "Bradley–Terry model", "Faithfulness (RAG)" =
 * "Faithfulness"). A term whose parentheses hold its expansion ("ELBO (evidence lower bound)") is
 * keyed by what precedes them, so it still collides with a bare "ELBO".
 */
export function glossaryTermKey(term: string): string {
  return term
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s*\([^)]*\)\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Unique ids and glossary terms, known topics, every reference resolves. */
export type Locator = (kind: 'question' | 'api' | 'glossary', id: string, field?: 'related' | 'apis') => { file: string; line: number };

export function crossCheck(bank: Bank, locate: Locator): Problem[] {
  const problems: Problem[] = [];
  const err = (at: { file: string; line: number }, message: string) => problems.push({ ...at, severity: 'error', message });
  const fileOf = (kind: 'question' | 'api' | 'glossary', id: string, field?: 'related' | 'apis') => locate(kind, id, field);
  const qids = new Set<string>();
  for (const q of bank.questions) {
    if (qids.has(q.id)) err(fileOf('question', q.id), `duplicate question id "${q.id}"`);
    qids.add(q.id);
  }
  const symbols = new Set(bank.apis.map((a) => a.symbol));
  const seenSymbols = new Set<string>();
  for (const a of bank.apis) {
    if (seenSymbols.has(a.symbol)) err(fileOf('api', a.symbol), `duplicate API card for ${a.symbol}`);
    seenSymbols.add(a.symbol);
    for (const q of a.questions) if (!qids.has(q)) err(fileOf('api', a.symbol), `questions: unknown question id "${q}"`);
  }
  for (const q of bank.questions) {
    for (const r of q.related) {
      if (r === q.id) err(fileOf('question', q.id, 'related'), 'related: a question cannot be related to itself');
      else if (!qids.has(r)) err(fileOf('question', q.id, 'related'), `related: unknown question id "${r}"`);
    }
    for (const s of q.apis) if (!symbols.has(s)) err(fileOf('question', q.id, 'apis'), `apis: no API card for "${s}"`);
  }
  const topicIds = new Set(bank.topics.map((t) => t.id));
  for (const t of TOPIC_IDS) {
    if (!topicIds.has(t)) err({ file: `topics/${t}.md`, line: 1 }, `missing overview page for topic "${t}"`);
  }
  const terms = new Map<string, string>();
  for (const g of bank.glossary) {
    for (const r of g.related) if (!qids.has(r)) err(fileOf('glossary', g.term), `glossary "${g.term}": unknown question id "${r}"`);
    const key = glossaryTermKey(g.term);
    const first = terms.get(key);
    if (first !== undefined) err(fileOf('glossary', g.term), `glossary "${g.term}" repeats "${first}": merge the two entries`);
    else terms.set(key, g.term);
  }
  return problems;
}

/**
 * The built-in bank with the user's own questions appended. The hash covers the user questions'
 * content, not just their number: it keys the cached bank vectors, so an edited team question must
 * not reuse the vectors of its old text.
 */
export function withUserQuestions(builtin: Bank, userQuestions: Question[]): Bank {
  if (!userQuestions.length) return builtin;
  const hash = `${builtin.hash}+${createHash('sha256').update(JSON.stringify(userQuestions)).digest('hex').slice(0, 16)}`;
  return { ...builtin, questions: [...builtin.questions, ...userQuestions], hash };
}
