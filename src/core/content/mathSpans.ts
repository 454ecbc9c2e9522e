// Locates TeX spans ($$…$$ display, $…$ inline) outside code. Shared by the content validator
// (Node) and the webview renderer (browser), so both agree on what is math.
export interface MathSpan {
  tex: string;
  display: boolean;
  /** 0-based offset of the opening delimiter. */
  index: number;
}

/** Replaces fenced code blocks and inline code with spaces, keeping offsets and newlines. */
export function maskCode(markdown: string): string {
  const blank = (s: string) => s.replace(/[^\n]/g, ' ');
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm, blank).replace(/`[^`\n]+`/g, blank);
}

/** A `\$` is a literal dollar; `$5 and $10` is not math (no closing without a space before it). */
export function findMath(markdown: string): MathSpan[] {
  const masked = maskCode(markdown);
  const spans: MathSpan[] = [];
  const re = /(?<!\\)\$\$([\s\S]+?)(?<!\\)\$\$|(?<![\\$\w])\$(?!\s)((?:\\\$|[^$\n])+?)(?<![\s\\])\$(?![\w$])/g;
  for (let m = re.exec(masked); m; m = re.exec(masked)) {
    if (m[1] !== undefined) spans.push({ tex: markdown.slice(m.index + 2, m.index + 2 + m[1].length), display: true, index: m.index });
    else spans.push({ tex: markdown.slice(m.index + 1, m.index + 1 + m[2].length), display: false, index: m.index });
  }
  return spans;
}
