// Robustness and recognition regressions of code detection: pathological nesting, JS request
// options, quoted keys, long callees, half-typed notebook cells, type-only imports and annotations.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_LITERAL_DEPTH, parseValue } from '../../src/core/code/argText';
import { detectSource } from '../../src/core/code/detect';
import { GrammarLoader, nodeModulesGrammarLocator } from '../../src/core/code/grammars';
import { isExpr } from '../../src/core/code/literals';
import { combineCells, detectNotebook, splitByCell } from '../../src/core/code/notebook';
import type { CallArg, CodeLanguage, DetectedCall, LiteralValue } from '../../src/core/code/types';
import { explainCall } from '../../src/core/explain/explainCall';

const loader = new GrammarLoader(nodeModulesGrammarLocator(join(import.meta.dirname, '..', '..', 'node_modules')));

async function detect(src: string, lang: CodeLanguage = 'python'): Promise<DetectedCall[]> {
  return detectSource(loader, lang, src);
}
const symbols = (calls: DetectedCall[]) => calls.map((c) => c.symbol);

/** Offset of a (line, character) position in `src`. */
function offsetOf(src: string, p: { line: number; character: number }): number {
  let off = 0;
  for (let l = 0; l < p.line; l++) off = src.indexOf('\n', off) + 1;
  return off + p.character;
}

/** Nesting depth of arrays / objects down the first element or the `a` key, and the leaf. */
function descend(v: LiteralValue): { depth: number; leaf: LiteralValue } {
  let depth = 0;
  let cur = v;
  for (;;) {
    if (Array.isArray(cur) && cur.length) cur = cur[0];
    else if (cur && typeof cur === 'object' && !Array.isArray(cur) && !isExpr(cur) && 'a' in cur) cur = cur.a;
    else return { depth, leaf: cur };
    depth++;
  }
}

beforeAll(async () => {
  for (const l of ['python', 'typescript', 'javascript'] as const) await loader.parser(l);
});

describe('deep nesting (bug: uncapped literal recursion killed the extension host)', () => {
  // No timing asserts here (speed is for `npm run bench code`); the old code crashed or ran for
  // minutes on these inputs, which vitest's test timeout would catch.
  it('caps literal nesting at MAX_LITERAL_DEPTH with a placeholder, for thousands of levels', () => {
    for (const d of [8, 3000, 20_000]) {
      const list = '['.repeat(d) + '1' + ']'.repeat(d);
      const l = descend(parseValue(list, 0, list.length, 'python'));
      expect(l.depth).toBe(MAX_LITERAL_DEPTH + 1);
      expect(isExpr(l.leaf)).toBe(true);

      const obj = '{"a": '.repeat(d) + '1' + '}'.repeat(d);
      const o = descend(parseValue(obj, 0, obj.length, 'js'));
      expect(o.depth).toBe(MAX_LITERAL_DEPTH + 1);
      expect(isExpr(o.leaf)).toBe(true);

      const parens = '('.repeat(d) + '1,' + ')'.repeat(d);
      const p = descend(parseValue(parens, 0, parens.length, 'python'));
      expect(p.depth).toBeLessThanOrEqual(MAX_LITERAL_DEPTH + 1);
    }
    // Within the cap values are still read whole.
    const ok = '[[[[1, 2]]]]';
    expect(parseValue(ok, 0, ok.length, 'python')).toEqual([[[[1, 2]]]]);
  });

  it('reads a long run of signs without recursing', () => {
    const src = '-'.repeat(100_000) + '1';
    expect(isExpr(parseValue(src, 0, src.length, 'python'))).toBe(true);
    expect(parseValue('- - -2', 0, 6, 'js')).toBe(-2);
    expect(parseValue('-+-2', 0, 4, 'python')).toBe(2);
  });

  it('detects in the reviewer crash file: nested invoke calls and a 1000-deep parenthesised literal', async () => {
    const src = `from langchain_openai import ChatOpenAI
llm = ChatOpenAI()
x = ${'llm.invoke('.repeat(10)}1${')'.repeat(10)}
y = llm.invoke(${'('.repeat(1000)}1${')'.repeat(1000)})
`;
    const calls = await detect(src);
    const invokes = calls.filter((c) => c.symbol === 'langchain:Runnable.invoke');
    expect(invokes).toHaveLength(11);
    expect(invokes[9].args[0].value).toBe(1);
    expect(isExpr(invokes[10].args[0].value)).toBe(true);
  });

  it('reports each of thousands of nested calls once, and a long pipe chain as one sequence', async () => {
    const nested = await detect(`from langchain_openai import ChatOpenAI
llm = ChatOpenAI()
x = ${'llm.invoke(['.repeat(1500)}1${'])'.repeat(1500)}
`);
    expect(nested.filter((c) => c.symbol === 'langchain:Runnable.invoke')).toHaveLength(1500);
    const pipe = await detect(`from langchain_openai import ChatOpenAI
llm = ChatOpenAI()
chain = llm${' | llm'.repeat(1500)}
chain.invoke("x")
`);
    // One chain, one RunnableSequence (each use used to climb at most 64 levels and report its own).
    expect(symbols(pipe).filter((s) => s === 'langchain:RunnableSequence')).toHaveLength(1);
    const jsPipe = async (n: number) =>
      symbols(await detect(`import { ChatOpenAI } from "@langchain/openai";\nconst llm = new ChatOpenAI();\nconst chain = llm${'.pipe(llm)'.repeat(n)};\n`, 'typescript')).filter(
        (s) => s === 'langchain:RunnableSequence',
      );
    expect(await jsPipe(60)).toHaveLength(1);
    // Past the evaluation depth limit the chain is no longer resolved, but nothing breaks.
    expect((await jsPipe(1500)).length).toBeLessThanOrEqual(1);
  });
});

describe('JS option objects', () => {
  const src = `import OpenAI from "openai";
const c = new OpenAI();
await c.chat.completions.create({ model: "gpt-4o", messages: [] }, { timeout: 5000 });
`;

  it('flattens only the first object argument; request options stay positional', async () => {
    const call = (await detect(src, 'typescript')).at(-1)!;
    expect(call.args.filter((a) => a.name).map((a) => a.name)).toEqual(['model', 'messages']);
    expect(call.args.filter((a) => a.name).every((a) => a.inOptions)).toBe(true);
    const rest = call.args.filter((a) => !a.name);
    expect(rest).toHaveLength(1);
    expect(rest[0]).toMatchObject({ name: null, index: 0, value: { timeout: 5000 } });
    expect(rest[0].inOptions).toBeUndefined();
  });

  it('never offers a quick fix that edits the request options', async () => {
    const call = (await detect(src, 'typescript')).at(-1)!;
    const optionsStart = src.indexOf('{ timeout');
    for (const p of explainCall(call, undefined, { dialect: 'js' }).pitfalls) {
      if (!p.fix) continue;
      expect(offsetOf(src, p.fix.edit.range.start)).toBeLessThan(optionsStart);
    }
  });
});

describe('quick fixes on JS calls', () => {
  const apply = (src: string, fix: NonNullable<ReturnType<typeof explainCall>['pitfalls'][number]['fix']>) =>
    src.slice(0, offsetOf(src, fix.edit.range.start)) + fix.edit.newText + src.slice(offsetOf(src, fix.edit.range.end));
  const fixes = async (src: string) => explainCall((await detect(src, 'javascript')).at(-1)!, undefined, { dialect: 'js' }).pitfalls.flatMap((p) => (p.fix ? [p.fix] : []));

  it('renames a quoted key inside its quotes', async () => {
    const src = 'import OpenAI from "openai";\nconst c = new OpenAI();\nawait c.chat.completions.create({ "model": "o3-mini", "messages": [], "max_tokens": 100 });\n';
    const rename = (await fixes(src)).find((f) => f.description.startsWith('Rename'))!;
    expect(apply(src, rename)).toContain('"max_completion_tokens": 100 }');
  });

  it('adds a missing parameter to the request body, not to the request options after it', async () => {
    const src = 'import OpenAI from "openai";\nconst c = new OpenAI();\nawait c.chat.completions.create({ model: "gpt-4o", messages: [] }, { timeout: 5000 });\n';
    const add = (await fixes(src)).find((f) => f.description.startsWith('Add'))!;
    expect(apply(src, add).split('\n')[2]).toBe('await c.chat.completions.create({ model: "gpt-4o", messages: [], max_completion_tokens: 512 }, { timeout: 5000 });');
  });
});

describe('argument name spans', () => {
  const rename = (src: string, a: CallArg, to: string) => {
    const span = a.nameSpan!;
    const start = offsetOf(src, a.range.start) + span.offset;
    return src.slice(0, start) + to + src.slice(start + span.length);
  };

  it('locates a quoted JS key inside its quotes', async () => {
    const src = `import OpenAI from "openai";
const c = new OpenAI();
await c.chat.completions.create({ "model": "o3-mini", 'max_tokens': 100, async stream() {}, messages });
`;
    const call = (await detect(src, 'javascript')).at(-1)!;
    const arg = (n: string) => call.args.find((a) => a.name === n)!;
    expect(arg('max_tokens').nameSpan).toEqual({ offset: 1, length: 10 });
    expect(rename(src, arg('max_tokens'), 'max_completion_tokens')).toContain(`'max_completion_tokens': 100`);
    expect(rename(src, arg('model'), 'model')).toBe(src);
    expect(arg('stream').nameSpan).toEqual({ offset: 6, length: 6 });
    expect(arg('messages').nameSpan).toEqual({ offset: 0, length: 8 });
  });

  it('locates Python keyword names', async () => {
    const src = 'from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model="o3", max_tokens=5)\n';
    const call = (await detect(src)).at(-1)!;
    const a = call.args.find((x) => x.name === 'max_tokens')!;
    expect(rename(src, a, 'max_completion_tokens')).toContain('max_completion_tokens=5)');
  });
});

describe('long callees', () => {
  it('keeps the method name at the end of a chain through a long prompt', async () => {
    const prompt = 'You are a careful assistant that answers questions about the documents. '.repeat(4);
    const src = `import { ChatOpenAI } from "@langchain/openai";
import { ChatPromptTemplate } from "@langchain/core/prompts";
const llm = new ChatOpenAI({ model: "gpt-4o-mini" });
const out = await ChatPromptTemplate.fromMessages([
  ["system", "${prompt}"],
  ["human", "{question}"],
]).pipe(llm).stream({ question: "What is RAG?" });
`;
    const call = (await detect(src, 'typescript')).find((c) => c.symbol === 'langchain:Runnable.invoke')!;
    expect(call.callee.split('.').pop()).toBe('stream');
    expect(call.callee.startsWith('ChatPromptTemplate.fromMessages(')).toBe(true);
    expect(call.callee.length).toBeLessThanOrEqual(201);
    expect(explainCall(call, undefined, { dialect: 'js' }).interpreted.join(' ')).toMatch(/^stream/);
  });

  it('keeps a multi-line chain whole once whitespace is removed', async () => {
    const src = `from openai import OpenAI\nclient = OpenAI()\nr = (client${'\n        '.repeat(30)}.chat.completions.create(model="x"))\n`;
    const call = (await detect(src)).at(-1)!;
    expect(call.callee).toBe('client.chat.completions.create');
  });
});

describe('notebook cells', () => {
  const nb = (cells: string[]) => JSON.stringify({ cells: cells.map((s) => ({ cell_type: 'code', source: s })), metadata: { kernelspec: { language: 'python' } } });
  const head = 'from peft import LoraConfig\nfrom openai import OpenAI';
  const tail = 'cfg = LoraConfig(r=8)\nclient = OpenAI()';

  it('keeps a half-typed cell from hiding the calls in later cells', async () => {
    for (const mid of ['x = foo(1,', 'x = foo(1, # note', 'x = {"a": [1, (2,', 'from openai import (', 'x = 1 + \\', 's = "abc', 'doc = """half']) {
      const calls = await detectNotebook(loader, nb([head, mid, tail]));
      expect({ mid, got: calls.map((c) => `${c.cell}:${c.symbol}@${c.range.start.line}:${c.range.start.character}`) }).toEqual({
        mid,
        got: ['2:peft:LoraConfig@0:6', '2:openai:OpenAI@1:9'],
      });
    }
  });

  it('clamps a call cut off by the end of its cell to that cell', async () => {
    const combined = combineCells([
      { index: 0, source: head },
      { index: 1, source: 'd = {"k": LoraConfig(r=8,' },
      { index: 2, source: tail },
    ]);
    const calls = splitByCell(await detect(combined.text), combined);
    const cut = calls.find((c) => c.cell === 1)!;
    expect(cut).toMatchObject({ symbol: 'peft:LoraConfig', range: { start: { line: 0, character: 10 }, end: { line: 0, character: 25 } } });
    expect(calls.filter((c) => c.cell === 2)).toHaveLength(2);
  });
});

describe('type annotations and type-only imports', () => {
  it('tracks TS constructor parameter properties', async () => {
    const calls = await detect(
      `import OpenAI from "openai";
export class AiService {
  constructor(private readonly openai: OpenAI, plain: OpenAI) {}
  ask() { return this.openai.chat.completions.create({ model: "x" }); }
  other() { return this.plain.chat.completions.create({ model: "x" }); }
}
`,
      'typescript',
    );
    expect(calls.map((c) => c.callee)).toEqual(['this.openai.chat.completions.create']);
  });

  it('resolves parameters typed with type-only imports, but no value from them', async () => {
    const typed = await detect(
      `import type OpenAI from "openai";
import { type ChatOpenAI } from "@langchain/openai";
function f(c: OpenAI) { return c.chat.completions.create({ model: "x" }); }
function g(llm: ChatOpenAI) { return llm.invoke("x"); }
`,
      'typescript',
    );
    expect(symbols(typed)).toEqual(['openai:chat.completions.create', 'langchain:Runnable.invoke']);
    const values = await detect(
      `import type OpenAI from "openai";
import { type ChatOpenAI } from "@langchain/openai";
import type * as lc from "@langchain/openai";
const c = new OpenAI();
c.chat.completions.create({ model: "x" });
new ChatOpenAI().invoke("x");
new lc.ChatOpenAI();
`,
      'typescript',
    );
    expect(values).toEqual([]);
  });

  it('resolves Python parameters annotated Optional[X], X | None and Union[X, None]', async () => {
    const calls = await detect(`from typing import Optional, Union
import typing
from openai import OpenAI
def f(a: Optional[OpenAI] = None, b: OpenAI | None = None, c: Union[OpenAI, None] = None, d: typing.Optional[OpenAI] = None, e: Union[OpenAI, int] = None):
    a.chat.completions.create(model="x")
    b.chat.completions.create(model="x")
    c.chat.completions.create(model="x")
    d.chat.completions.create(model="x")
    e.chat.completions.create(model="x")
x = OpenAI | None
`);
    expect(calls.map((c) => c.callee)).toEqual(['a.chat.completions.create', 'b.chat.completions.create', 'c.chat.completions.create', 'd.chat.completions.create']);
  });
});

describe('require().default and byte order marks', () => {
  it('recognises the default export through require', async () => {
    const calls = await detect(
      `const OpenAI = require("openai").default;
const c = new OpenAI();
c.chat.completions.create({ model: "x" });
const { default: O2 } = require("openai");
new O2();
`,
      'javascript',
    );
    expect(symbols(calls)).toEqual(['openai:OpenAI', 'openai:chat.completions.create', 'openai:OpenAI']);
  });

  it('finds imports in a file that starts with a BOM, at the same offsets', async () => {
    const py = '\uFEFFfrom openai import OpenAI\nc = OpenAI()\n';
    expect((await detect(py)).map((c) => [c.symbol, c.startOffset])).toEqual([['openai:OpenAI', py.indexOf('OpenAI()')]]);
    const ts = '\uFEFFimport OpenAI from "openai";\nconst c = new OpenAI();\n';
    expect((await detect(ts, 'typescript')).map((c) => [c.symbol, c.startOffset])).toEqual([['openai:OpenAI', ts.indexOf('new OpenAI')]]);
  });
});
