// @vitest-environment jsdom
// The webview renderer is the only path from content (including users' own questions) to the DOM:
// formulas render, code is highlighted, and nothing executable or linking outside survives.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/webview/common/render';
import { COMMANDS, LINKABLE_COMMANDS } from '../../src/vscode/commandIds';
import { HOVER_COMMANDS } from '../../src/core/explain/hoverMarkdown';

describe('renderMarkdown', () => {
  it('renders KaTeX inline and display math, tables and highlighted Python', () => {
    const html = renderMarkdown('Scale $\\frac{\\alpha}{r}$.\n\n$$h = Wx + BAx$$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nimport peft\n```');
    expect(html).toContain('class="katex"');
    expect(html).toContain('katex-display');
    expect(html).toContain('<table>');
    expect(html).toMatch(/<span class="hljs-keyword">import<\/span>/);
  });

  it('strips scripts, event handlers, iframes and javascript: links', () => {
    const html = renderMarkdown('<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1)) <iframe src="https://evil"></iframe> <a href="#" onclick="steal()">y</a>');
    const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
    expect(doc.querySelectorAll('script, iframe, img, object, embed').length).toBe(0);
    for (const el of doc.querySelectorAll('*')) {
      for (const attr of el.getAttributeNames()) expect(attr.startsWith('on'), `${el.tagName} ${attr}`).toBe(false);
      expect(el.getAttribute('href') ?? '').not.toMatch(/^javascript:/i);
    }
    // Raw HTML in content is shown as text, not interpreted.
    expect(doc.body.textContent).toContain('<script>alert(1)</script>');
  });

  it('never produces command: links; question links become data attributes', () => {
    const html = renderMarkdown('[run](command:workbench.action.terminal.new) [q](q:kv-cache) [ok](https://example.org/)');
    expect(html).not.toContain('command:');
    expect(html).toContain('data-question="kv-cache"');
    expect(html).toContain('href="https://example.org/"');
  });

  it('leaves $…$ as written in indented code, code spans, raw HTML and URLs, and typesets it in text', () => {
    const code = renderMarkdown('Shell:\n\n    echo $a$ $b$\n');
    expect(code).toContain('<code class="hljs">echo $a$ $b$</code>');
    expect(code).not.toContain('katex');
    const link = renderMarkdown('[price](https://e.org/?a=$x$&b=$y$) and $z$');
    const doc = new DOMParser().parseFromString(`<body>${link}</body>`, 'text/html');
    expect([...doc.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent])).toEqual([['https://e.org/?a=$x$&b=$y$', 'price']]);
    expect(doc.querySelectorAll('.katex').length).toBe(1);
    const auto = new DOMParser().parseFromString(`<body>${renderMarkdown('Go to https://e.org/?a=$x$&b=$y$ now')}</body>`, 'text/html');
    expect([...auto.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent])).toEqual([['https://e.org/?a=$x$&b=$y$', 'https://e.org/?a=$x$&b=$y$']]);
    expect(auto.querySelectorAll('.katex').length).toBe(0);
    expect(renderMarkdown('`` $x$ `` <span title="$y$">', { inline: true })).not.toContain('katex');
    expect(renderMarkdown('[cost $x$](https://e.org/)', { inline: true })).toMatch(/<a href="https:\/\/e\.org\/"[^>]*>cost <span class="katex">/);
    // Text that happens to look like the internal placeholder is left alone.
    expect(renderMarkdown('mathph0mathph $x$', { inline: true })).toMatch(/^mathph0mathph <span class="katex">/);
  });

  it('restricted content keeps no links at all', () => {
    const html = renderMarkdown('[q](q:kv-cache) [web](https://example.org/) **bold**', { restricted: true });
    expect(html).not.toMatch(/<a\b/);
    expect(html).toContain('<strong>bold</strong>');
  });
});

describe('command links', () => {
  it('hovers link only to our own commands that are allowed in Markdown', () => {
    for (const id of Object.values(HOVER_COMMANDS)) {
      expect(LINKABLE_COMMANDS).toContain(id);
      expect(Object.values(COMMANDS)).toContain(id);
    }
  });
});
