// Checks that a Markdown body renders: marked can lex it and every $...$ / $$...$$ span parses in
// KaTeX. Also measures the prose length rule (120–400 words outside code, tables and follow-ups).
import katex from 'katex';
import { Lexer } from 'marked';
import { findMath, maskCode } from './mathSpans';

export interface MarkdownIssue {
  /** 0-based line offset within the body. */
  lineOffset: number;
  message: string;
}

export function checkMarkdown(markdown: string): MarkdownIssue[] {
  const issues: MarkdownIssue[] = [];
  try {
    Lexer.lex(markdown);
  } catch (e) {
    issues.push({ lineOffset: 0, message: `Markdown does not parse: ${(e as Error).message}` });
  }
  for (const span of findMath(markdown)) {
    try {
      katex.renderToString(span.tex, { displayMode: span.display, throwOnError: true, strict: 'ignore' });
    } catch (e) {
      const lineOffset = markdown.slice(0, span.index).split('\n').length - 1;
      const msg = (e as Error).message.replace(/^KaTeX parse error: /, '');
      issues.push({ lineOffset, message: `KaTeX cannot parse ${span.display ? '$$' : '$'}${truncate(span.tex)}${span.display ? '$$' : '$'}: ${msg}` });
    }
  }
  return issues;
}

/** Words of prose in the answer: excludes the Follow-ups section, code blocks, tables and display math. */
export function answerWordCount(markdown: string): number {
  const main = markdown.split(/^##\s+Follow-ups\s*$/im)[0];
  const prose = maskCode(main)
    .replace(/\$\$[\s\S]+?\$\$/g, ' ')
    .split('\n')
    .filter((l) => !/^\s*\|/.test(l))
    .join(' ');
  return (prose.match(/[A-Za-z0-9][\w'’.-]*/g) ?? []).length;
}

export function followUpCount(markdown: string): number {
  const parts = markdown.split(/^##\s+Follow-ups\s*$/im);
  if (parts.length < 2) return 0;
  return (parts[1].match(/^\s*[-*]\s+\S/gm) ?? []).length;
}

function truncate(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}
