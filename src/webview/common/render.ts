// Markdown → safe HTML for every webview: marked for Markdown, KaTeX for $…$/$$…$$, highlight.js
// for code, and DOMPurify last, so nothing reaches the DOM unsanitised. `restricted` content
// (user questions in an untrusted workspace) keeps no links and no raw HTML.
import DOMPurify from 'dompurify';
import katex from 'katex';
import { Marked, type Tokens } from 'marked';
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

function makeMarked(restricted: boolean): Marked {
  const m = new Marked({ gfm: true, breaks: false });
  m.use({
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

export interface RenderOptions {
  restricted?: boolean;
  inline?: boolean;
}

export function renderMarkdown(markdown: string, opts: RenderOptions = {}): string {
  // Math is rendered first and swapped for placeholders so Markdown cannot mangle TeX.
  const spans = findMath(markdown);
  const rendered: string[] = [];
  let src = '';
  let last = 0;
  spans.forEach((span, i) => {
    src += markdown.slice(last, span.index) + `\u0000MATH${i}\u0000`;
    last = span.index + span.tex.length + (span.display ? 4 : 2);
    try {
      rendered.push(katex.renderToString(span.tex, { displayMode: span.display, throwOnError: false, output: 'htmlAndMathml', strict: 'ignore', trust: false }));
    } catch {
      rendered.push(`<code>${escapeHtml(span.tex)}</code>`);
    }
  });
  src += markdown.slice(last);
  const m = opts.restricted ? markedRestricted : markedFull;
  let html = (opts.inline ? m.parseInline(src) : m.parse(src)) as string;
  html = html.replace(/\u0000MATH(\d+)\u0000/g, (_, i: string) => rendered[Number(i)] ?? '');
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
