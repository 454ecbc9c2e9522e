// Markdown → safe HTML for every webview: marked for Markdown, KaTeX for $…$/$$…$$, highlight.js
// for code, and DOMPurify last, so nothing reaches the DOM unsanitised. `restricted` content
// (user questions in an untrusted workspace) keeps no links and no raw HTML.
import DOMPurify from 'dompurify';
import katex from 'katex';
import { Marked, type Token, type Tokens } from 'marked';
import hljs from 'highlight.js/lib/core';
import python from 'highlight.js/lib/languages/python';
import typescript from 'highlight.js/lib/languages/typescript';
import javascript from 'highlight.js/lib/languages/javascript';
import bash from 'highlight.js/lib/languages/bash';
import json from 'highlight.js/lib/languages/json';
import yaml from 'highlight.js/lib/languages/yaml';
import { findMath } from '../../core/content/mathSpans';

hljs.registerLanguage('python', python);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('ts', typescript);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('js', javascript);
hljs.registerLanguage('bash', bash);
hljs.registerLanguage('json', json);
hljs.registerLanguage('yaml', yaml);

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Puts back the source of math placeholders in the call being rendered (renderMarkdown is synchronous). */
let restoreMath: (s: string) => string = (s) => s;

/** Text that is shown verbatim (code, raw HTML) or is a URL keeps its `$…$` as written. */
function keepMathSource(token: Token): void {
  switch (token.type) {
    case 'code':
    case 'codespan':
    case 'html':
      token.text = restoreMath(token.text as string);
      break;
    case 'link':
    case 'image': {
      // An autolinked URL is its own text: restore that too, so it is not typeset either.
      const auto = token.text === token.href;
      token.href = restoreMath(token.href as string);
      if (token.title) token.title = restoreMath(token.title as string);
      if (auto) {
        token.text = restoreMath(token.text as string);
        for (const t of (token.tokens ?? []) as Token[]) if ('text' in t) (t as { text: string }).text = restoreMath(t.text);
      }
      break;
    }
  }
}

function makeMarked(restricted: boolean): Marked {
  const m = new Marked({ gfm: true, breaks: false });
  m.use({
    walkTokens: keepMathSource,
    renderer: {
      code({ text, lang }: Tokens.Code) {
        const language = (lang ?? '').split(/\s/)[0];
        const body = language && hljs.getLanguage(language) ? hljs.highlight(text, { language }).value : escapeHtml(text);
        return `<pre><code class="hljs${language ? ` language-${escapeHtml(language)}` : ''}">${body}</code></pre>\n`;
      },
      html({ text }: Tokens.HTML | Tokens.Tag) {
        // Raw HTML in content is shown as text, never interpreted.
        return escapeHtml(text);
      },
      link({ href, tokens }: Tokens.Link) {
        const inner = this.parser.parseInline(tokens);
        if (restricted) return inner;
        if (href.startsWith('q:')) return `<a href="#" data-question="${escapeHtml(href.slice(2))}">${inner}</a>`;
        if (href.startsWith('api:')) return `<a href="#" data-api="${escapeHtml(href.slice(4))}">${inner}</a>`;
        if (/^https:\/\//.test(href)) return `<a href="${escapeHtml(href)}" title="${escapeHtml(href)}">${inner}</a>`;
        return inner;
      },
      image({ text }: Tokens.Image) {
        return escapeHtml(text);
      },
    },
  });
  return m;
}

const markedFull = makeMarked(false);
const markedRestricted = makeMarked(true);

/** Said above content rendered with `restricted` (a user question in an untrusted workspace). */
export const RESTRICTED_NOTE = 'Shown as plain data: this workspace is not trusted, so links and HTML in it are disabled.';

export interface RenderOptions {
  restricted?: boolean;
  inline?: boolean;
}

export function renderMarkdown(markdown: string, opts: RenderOptions = {}): string {
  // Math is rendered first and swapped for placeholders so Markdown cannot mangle TeX. Placeholders
  // are plain letters and digits (so links and autolinks still parse around them); Markdown that
  // shows text verbatim or is a URL gets the original `$…$` back (keepMathSource), and only the
  // placeholders left in ordinary text become formulas.
  const spans = findMath(markdown);
  let tag = 'mathph';
  while (markdown.includes(tag)) tag += 'x';
  const placeholder = new RegExp(`${tag}(\\d+)${tag}`, 'g');
  const sources: string[] = [];
  const rendered: string[] = [];
  let src = '';
  let last = 0;
  spans.forEach((span, i) => {
    const end = span.index + span.tex.length + (span.display ? 4 : 2);
    src += markdown.slice(last, span.index) + `${tag}${i}${tag}`;
    sources.push(markdown.slice(span.index, end));
    last = end;
    try {
      rendered.push(katex.renderToString(span.tex, { displayMode: span.display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore', trust: false }));
    } catch {
      rendered.push(`<code>${escapeHtml(span.tex)}</code>`);
    }
  });
  src += markdown.slice(last);
  const m = opts.restricted ? markedRestricted : markedFull;
  restoreMath = (s) => s.replace(placeholder, (p: string, i: string) => sources[Number(i)] ?? p);
  let html: string;
  try {
    html = (opts.inline ? m.parseInline(src) : m.parse(src)) as string;
  } finally {
    restoreMath = (s) => s;
  }
  html = html.replace(placeholder, (_, i: string) => rendered[Number(i)] ?? '');
  return sanitize(html, !!opts.restricted);
}

export function sanitize(html: string, restricted: boolean): string {
  return DOMPurify.sanitize(html, {
    USE_PROFILES: { html: true, mathMl: true, svg: true },
    FORBID_TAGS: ['style', 'script', 'iframe', 'form', 'input', 'textarea', 'button', 'img', 'video', 'audio', 'object', 'embed', 'link', 'meta', ...(restricted ? ['a'] : [])],
    FORBID_ATTR: ['srcset', 'action', 'formaction', 'xlink:href'],
    ALLOW_DATA_ATTR: true,
    ALLOWED_URI_REGEXP: /^(?:https:|#)/i,
  });
}
