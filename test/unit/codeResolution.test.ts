// Focused tests of call resolution, argument values, incremental reparsing and robustness.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseValue, splitTopLevel } from '../../src/core/code/argText';
import { detectSource } from '../../src/core/code/detect';
import { GrammarLoader, nodeModulesGrammarLocator } from '../../src/core/code/grammars';
import { catalogSymbols } from '../../src/core/code/libraryCatalog';
import { combineCells, neutralizeMagics, splitByCell } from '../../src/core/code/notebook';
import { findCallAtPosition, ParsedDocument } from '../../src/core/code/parsedDocument';
import type { CodeLanguage, DetectedCall } from '../../src/core/code/types';
import { generatePythonModule } from '../../scripts/bench/data/pythonModule';

const loader = new GrammarLoader(nodeModulesGrammarLocator(join(import.meta.dirname, '..', '..', 'node_modules')));

async function detect(src: string, lang: CodeLanguage = 'python'): Promise<DetectedCall[]> {
  return detectSource(loader, lang, src);
}
const symbols = (calls: DetectedCall[]) => calls.map((c) => c.symbol);

beforeAll(async () => {
  await loader.parser('python');
});

describe('catalog', () => {
  it('covers at least the 104 catalog symbols with canonical ids', () => {
    const s = catalogSymbols();
    expect(s.length).toBeGreaterThanOrEqual(104);
    for (const id of s) expect(id).toMatch(/^[a-z_]+:[A-Za-z0-9_.]+$/);
  });
});

describe('python resolution', () => {
  it('follows aliases, module chains and instances through assignments', async () => {
    const calls = await detect(`import openai as oa
from peft import LoraConfig as LC
client = oa.OpenAI()
resp = client.chat.completions.create(model="gpt-4o", messages=[])
cfg = LC(r=8)
`);
    expect(symbols(calls)).toEqual(['openai:OpenAI', 'openai:chat.completions.create', 'peft:LoraConfig']);
  });

  it('flags the legacy module-level API', async () => {
    const calls = await detect('import openai\nopenai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[])\n');
    expect(calls[0]).toMatchObject({ symbol: 'openai:ChatCompletion.create', legacy: true });
  });

  it('accepts old and new langchain package names', async () => {
    const calls = await detect(`from langchain.text_splitter import RecursiveCharacterTextSplitter as Old
from langchain_text_splitters import RecursiveCharacterTextSplitter
a = Old(chunk_size=100)
b = RecursiveCharacterTextSplitter(chunk_size=100)
`);
    expect(symbols(calls)).toEqual(['langchain:RecursiveCharacterTextSplitter', 'langchain:RecursiveCharacterTextSplitter']);
    expect(calls[0].module).toBe('langchain.text_splitter');
  });

  it('tracks rebinding: PeftModel after get_peft_model, plain model after merge', async () => {
    const calls = await detect(`from transformers import AutoModelForCausalLM
from peft import get_peft_model, LoraConfig
model = AutoModelForCausalLM.from_pretrained("gpt2")
model = get_peft_model(model, LoraConfig())
model.print_trainable_parameters()
model = model.merge_and_unload()
model.print_trainable_parameters()
`);
    expect(symbols(calls).filter((s) => s.endsWith('print_trainable_parameters'))).toHaveLength(1);
    expect(symbols(calls)).toContain('peft:PeftModel.merge_and_unload');
  });

  it('reports LCEL pipes once per chain and vector store retrievers', async () => {
    const calls = await detect(`from langchain_community.vectorstores import FAISS
from langchain_openai import ChatOpenAI
from langchain_core.prompts import ChatPromptTemplate
vs = FAISS.from_documents(docs, emb)
r = vs.as_retriever(search_kwargs={"k": 3})
chain = ChatPromptTemplate.from_template("{q}") | ChatOpenAI() | parser
chain.invoke({"q": 1})
`);
    expect(symbols(calls).filter((s) => s === 'langchain:RunnableSequence')).toHaveLength(1);
    expect(symbols(calls)).toEqual(expect.arrayContaining(['langchain:FAISS', 'langchain:VectorStore.as_retriever', 'langchain:Runnable.invoke']));
  });

  it('follows self.client and await', async () => {
    const calls = await detect(`from openai import AsyncOpenAI
class Bot:
    def __init__(self):
        self.client = AsyncOpenAI()
    async def go(self):
        return await self.client.embeddings.create(model="m", input="x")
`);
    expect(symbols(calls)).toEqual(['openai:AsyncOpenAI', 'openai:embeddings.create']);
  });

  it('does not match user classes, other .create calls, strings or comments', async () => {
    const calls = await detect(`class LoraConfig: pass
cfg = LoraConfig(r=8)
User.objects.create(name="x")
# client.chat.completions.create()
s = "OpenAI()"
`);
    expect(calls).toEqual([]);
  });

  it('lets a parameter shadow a module-level client', async () => {
    const calls = await detect(`from openai import OpenAI
client = OpenAI()
def f(client):
    return client.chat.completions.create(model="x")
`);
    expect(symbols(calls)).toEqual(['openai:OpenAI']);
  });

  it('resolves a global defined after the function that uses it', async () => {
    const calls = await detect(`from openai import OpenAI
def ask():
    return client.chat.completions.create(model="x", messages=[])
client = OpenAI()
`);
    expect(symbols(calls)).toContain('openai:chat.completions.create');
  });
});

describe('JS/TS resolution', () => {
  it('handles default, named, namespace imports, require and new', async () => {
    const calls = await detect(
      `import OpenAI from "openai";
import * as lc from "@langchain/openai";
const { RecursiveCharacterTextSplitter } = require("@langchain/textsplitters");
const client = new OpenAI();
await client.chat.completions.create({ model: "gpt-4o", messages: [], temperature: 0.2 });
const llm = new lc.ChatOpenAI({ model: "gpt-4o" });
const s = new RecursiveCharacterTextSplitter({ chunkSize: 500, chunkOverlap: 50 });
`,
      'typescript',
    );
    expect(symbols(calls)).toEqual(['openai:OpenAI', 'openai:chat.completions.create', 'langchain:ChatOpenAI', 'langchain:RecursiveCharacterTextSplitter']);
    expect(calls[1].args.find((a) => a.name === 'temperature')?.value).toBe(0.2);
  });

  it('reports a .pipe() chain once', async () => {
    const calls = await detect(
      `import { PromptTemplate } from "@langchain/core/prompts";
const chain = PromptTemplate.fromTemplate("{x}").pipe(a).pipe(b).pipe(c);
`,
      'javascript',
    );
    expect(symbols(calls).filter((s) => s === 'langchain:RunnableSequence')).toHaveLength(1);
  });
});

describe('argument values', () => {
  it('extracts Python literals', async () => {
    const [call] = await detect(`from peft import LoraConfig
LoraConfig(r=16, lora_alpha=2 * 16, target_modules=["q_proj", "v_proj"], lora_dropout=0.05, bias=None, use_dora=False, x=-1e-4, d={"k": (1, 2)}, e=some_var, f=f"{a}", g="a" "b", **extra)
`);
    const v = Object.fromEntries(call.args.filter((a) => a.name).map((a) => [a.name, a.value]));
    expect(v).toMatchObject({ r: 16, lora_alpha: 32, target_modules: ['q_proj', 'v_proj'], lora_dropout: 0.05, bias: null, use_dora: false, x: -1e-4, d: { k: [1, 2] }, g: 'ab' });
    expect(v.e).toEqual({ kind: 'expr', text: 'some_var' });
    expect(v.f).toEqual({ kind: 'expr', text: 'f"{a}"' });
    expect(call.args.at(-1)).toMatchObject({ name: null, splat: true });
  });

  it('parses values from text with comments and nesting', () => {
    const src = '[1, # one\n "two", {"a": [True, None]}]';
    expect(parseValue(src, 0, src.length, 'python')).toEqual([1, 'two', { a: [true, null] }]);
    const js = '{ a: 1, "b": `x`, c, ...rest }';
    expect(splitTopLevel(js, 1, js.length - 1, 'js')).toHaveLength(4);
    expect(parseValue('[1, 2] as const', 0, 15, 'js')).toEqual([1, 2]);
  });
});

describe('incremental ParsedDocument', () => {
  it('matches a full parse after edits', async () => {
    const text = 'from openai import OpenAI\nclient = OpenAI()\n';
    const doc = await ParsedDocument.create(loader, 'python', text);
    expect(doc.calls()).toHaveLength(1);
    const insert = 'r = client.chat.completions.create(model="gpt-4o")\n';
    doc.applyChanges([{ rangeOffset: text.length, rangeLength: 0, text: insert }]);
    expect(symbols(doc.calls())).toEqual(['openai:OpenAI', 'openai:chat.completions.create']);
    // Rename the variable in the assignment: the call is no longer resolvable.
    doc.applyChanges([{ rangeOffset: text.indexOf('client'), rangeLength: 6, text: 'other_' }]);
    expect(symbols(doc.calls())).toEqual(['openai:OpenAI']);
    const fresh = await detect(doc.text);
    expect(doc.calls()).toEqual(fresh);
    doc.dispose();
  });

  it('finds the call under the cursor (callee or arguments)', async () => {
    const calls = await detect('from peft import LoraConfig, get_peft_model\nm = get_peft_model(base, LoraConfig(r=8))\n');
    expect(findCallAtPosition(calls, { line: 1, character: 6 })?.symbol).toBe('peft:get_peft_model');
    expect(findCallAtPosition(calls, { line: 1, character: 36 })?.symbol).toBe('peft:LoraConfig');
    expect(findCallAtPosition(calls, { line: 1, character: 20 })?.symbol).toBe('peft:get_peft_model');
    expect(findCallAtPosition(calls, { line: 0, character: 3 })).toBeUndefined();
  });
});

describe('notebooks', () => {
  it('maps calls back to cells and comments out magics', async () => {
    expect(neutralizeMagics('%pip install x\n!ls\nx = 1')).toBe('#pip install x\n#ls\nx = 1');
    const combined = combineCells([
      { index: 0, source: '%pip install peft\nfrom peft import LoraConfig' },
      { index: 2, source: 'cfg = LoraConfig(r=4)' },
    ]);
    const calls = splitByCell(await detect(combined.text), combined);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ cell: 2, range: { start: { line: 0, character: 6 } } });
  });
});

describe('robustness', () => {
  it('never throws on half-typed input', async () => {
    const inputs = ['from openai import', 'client = OpenAI(\n', 'x = LoraConfig(r=', '"""unterminated', 'import (', ')))(((', '', 'from peft import LoraConfig\nLoraConfig(r=[1, {2: (3,'];
    for (const src of inputs) await expect(detect(src)).resolves.toBeInstanceOf(Array);
    for (const src of inputs) await expect(detect(src, 'typescript')).resolves.toBeInstanceOf(Array);
  });

  it('handles a huge file', async () => {
    const big = generatePythonModule(20_000);
    const calls = await detect(big);
    expect(calls.length).toBeGreaterThan(1000);
  });

  it('survives every prefix of a realistic file while typing', async () => {
    const src = 'from openai import OpenAI\nclient = OpenAI()\nr = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user"}], temperature=0.2)\n';
    const doc = await ParsedDocument.create(loader, 'python', '');
    for (let i = 0; i < src.length; i++) {
      doc.applyChanges([{ rangeOffset: i, rangeLength: 0, text: src[i] }]);
      expect(() => doc.calls()).not.toThrow();
    }
    expect(symbols(doc.calls())).toEqual(['openai:OpenAI', 'openai:chat.completions.create']);
  });
});
