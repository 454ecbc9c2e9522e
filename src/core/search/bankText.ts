// What text of the bank each retriever sees. Shared by the runtime index and the trainer so the
// model is trained on the same views it is later asked to compare queries with.
import type { ApiCard, Bank, Question } from '../content/types';

/** Markdown → plain-ish text: drop math, link targets and markup; keep code identifiers. */
export function plainText(md: string): string {
  return md
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\$[^$\n]+\$/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/[#*_`>|[\]-]{2,}/g, ' ')
    .replace(/[*`#>|[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** `peft:PeftModel.merge_and_unload` → `PeftModel merge_and_unload` (the words a user would type). */
export function symbolWords(symbol: string): string {
  const name = symbol.includes(':') ? symbol.slice(symbol.indexOf(':') + 1) : symbol;
  return name.replace(/\./g, ' ');
}

/** The short, query-like text of an API card: what a learner would type about it. */
export function apiCardShortText(card: ApiCard): string {
  return `${card.title}. ${card.concept}. ${symbolWords(card.symbol)}`;
}

export function apiCardText(card: ApiCard): string {
  const params = card.params.map((p) => `${p.name}: ${p.meaning}`).join(' ');
  return `${apiCardShortText(card)}. ${card.summary} ${params}`;
}

/** Body without the Follow-ups section, split into paragraphs of plain text. */
export function bodyParagraphs(body: string): string[] {
  const main = body.split(/^##\s+Follow-ups/im)[0] ?? body;
  return main
    .split(/\n\s*\n/)
    .map(plainText)
    .filter((p) => p.split(' ').length >= 4);
}

export function followUps(body: string): string[] {
  const part = body.split(/^##\s+Follow-ups/im)[1];
  if (!part) return [];
  return part
    .split('\n')
    .filter((l) => /^\s*[-*]\s/.test(l))
    .map((l) => plainText(l.replace(/^\s*[-*]\s*/, '')));
}

export interface QuestionText {
  id: string;
  title: string;
  aliases: string[];
  tags: string[];
  keyPoints: string[];
  /** Title, aliases, tags and key points: the dense "summary" view. */
  summary: string;
  body: string;
  /** Short text of the API cards that link to or are linked by the question. */
  apiShort: string[];
  /**
   * Long text of those API cards and of glossary entries that point here (BM25 "extra" field), one
   * string per card or entry; the same string object is shared by every question that links it, so
   * BM25 tokenises each once (three quarters of this text is shared).
   */
  extra: string[];
  /** Glossary terms pointing at the question. */
  glossaryTerms: string[];
  quizPrompts: string[];
  followUps: string[];
}

/** Cards by question id, through both directions of the link. */
export function cardsByQuestion(bank: Bank): Map<string, ApiCard[]> {
  const bySymbol = new Map(bank.apis.map((c) => [c.symbol, c]));
  const out = new Map<string, ApiCard[]>();
  const add = (qid: string, card: ApiCard) => {
    const list = out.get(qid) ?? [];
    if (!list.includes(card)) list.push(card);
    out.set(qid, list);
  };
  for (const card of bank.apis) for (const qid of card.questions) add(qid, card);
  for (const q of bank.questions) for (const s of q.apis) {
    const card = bySymbol.get(s);
    if (card) add(q.id, card);
  }
  return out;
}

export function questionTexts(bank: Bank): QuestionText[] {
  const cards = cardsByQuestion(bank);
  const gloss = new Map<string, Bank['glossary']>();
  for (const g of bank.glossary) for (const qid of g.related) gloss.set(qid, [...(gloss.get(qid) ?? []), g]);
  const cardText = new Map(bank.apis.map((c) => [c, apiCardText(c)]));
  const glossText = new Map(bank.glossary.map((g) => [g, `${g.term}: ${g.definition}`]));
  return bank.questions.map((q: Question) => {
    const qc = cards.get(q.id) ?? [];
    const qg = gloss.get(q.id) ?? [];
    return {
      id: q.id,
      title: q.title,
      aliases: q.aliases,
      tags: q.tags,
      keyPoints: q.keyPoints,
      summary: [q.title, ...q.aliases, q.tags.join(' '), ...q.keyPoints].join('. '),
      body: bodyParagraphs(q.body).join(' '),
      apiShort: qc.map(apiCardShortText),
      extra: [...qc.map((c) => cardText.get(c)!), ...qg.map((g) => glossText.get(g)!)],
      glossaryTerms: qg.map((g) => g.term),
      quizPrompts: q.quiz.map((item) => item.prompt),
      followUps: followUps(q.body),
    };
  });
}
