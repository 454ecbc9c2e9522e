// Explain rules: the user's own values interpreted, pitfalls and quick fixes.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectSource } from '../../src/core/code/detect';
import { GrammarLoader, nodeModulesGrammarLocator } from '../../src/core/code/grammars';
import type { CodeLanguage, DetectedCall } from '../../src/core/code/types';
import type { ApiCard } from '../../src/core/content/types';
import { explainCall } from '../../src/core/explain/explainCall';
import { groupCallsByLine, HOVER_COMMANDS, lensTitles, renderHoverMarkdown } from '../../src/core/explain/hoverMarkdown';
import { FALLBACK_INFO } from '../../src/core/explain/symbolInfo';
import { catalogSymbols } from '../../src/core/code/libraryCatalog';

const loader = new GrammarLoader(nodeModulesGrammarLocator(join(import.meta.dirname, '..', '..', 'node_modules')));

async function first(src: string, symbol: string, lang: CodeLanguage = 'python'): Promise<DetectedCall> {
  const calls = await detectSource(loader, lang, src);
  const c = calls.find((x) => x.symbol === symbol);
  if (!c) throw new Error(`no ${symbol} in ${JSON.stringify(calls.map((x) => x.symbol))}`);
  return c;
}

/** Applies a single-line quick-fix edit to the source. */
function applyFix(src: string, edit: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }): string {
  const lines = src.split('\n');
  const l = lines[edit.range.start.line];
  lines[edit.range.start.line] = l.slice(0, edit.range.start.character) + edit.newText + l.slice(edit.range.end.character);
  return lines.join('\n');
}

describe('explainCall', () => {
  it('has a fallback description for every catalog symbol', () => {
    for (const s of catalogSymbols()) expect(FALLBACK_INFO[s], s).toBeDefined();
  });

  it('interprets LoRA rank and alpha', async () => {
    const call = await first('from peft import LoraConfig\nLoraConfig(r=16, lora_alpha=32, target_modules=["q_proj", "v_proj"], task_type="CAUSAL_LM")\n', 'peft:LoraConfig');
    const ex = explainCall(call);
    expect(ex.interpreted.join('\n')).toContain('α/r = 32/16 = 2');
    expect(ex.interpreted.join('\n')).toMatch(/attention q\/v projections/);
    expect(ex.pitfalls).toEqual([]);
  });

  it('flags alpha/r far from practice and a missing task_type with a fix', async () => {
    const src = 'from peft import LoraConfig\ncfg = LoraConfig(r=64, lora_alpha=8)\n';
    const ex = explainCall(await first(src, 'peft:LoraConfig'));
    expect(ex.pitfalls.map((p) => p.code)).toEqual(expect.arrayContaining(['peft.alpha-ratio', 'peft.no-task-type']));
    const fix = ex.pitfalls.find((p) => p.code === 'peft.no-task-type')!.fix!;
    expect(applyFix(src, fix.edit)).toContain('LoraConfig(r=64, lora_alpha=8, task_type="CAUSAL_LM")');
  });

  it('explains temperature, top_p and a missing max_tokens with a quick fix', async () => {
    const src = `from openai import OpenAI
client = OpenAI()
client.chat.completions.create(
    model="gpt-4o",
    messages=[{"role": "user", "content": "hi"}],
    temperature=1.2,
    top_p=0.9,
)
`;
    const ex = explainCall(await first(src, 'openai:chat.completions.create'));
    expect(ex.interpreted.join('\n')).toMatch(/risky for factual tasks/);
    const codes = ex.pitfalls.map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['openai.temperature-and-top-p', 'openai.no-max-tokens', 'openai.temperature-high']));
    const fixed = applyFix(src, ex.pitfalls.find((p) => p.code === 'openai.no-max-tokens')!.fix!.edit);
    expect(fixed).toContain('top_p=0.9, max_tokens=512,');
    expect(await detectSource(loader, 'python', fixed)).toHaveLength(2);
  });

  it('writes JS-style fixes for option objects', async () => {
    const src = 'import OpenAI from "openai";\nconst c = new OpenAI();\nc.chat.completions.create({ model: "gpt-4o", messages: [] });\n';
    const ex = explainCall(await first(src, 'openai:chat.completions.create', 'typescript'), undefined, { dialect: 'js' });
    const fix = ex.pitfalls.find((p) => p.code === 'openai.no-max-tokens')!.fix!;
    expect(applyFix(src, fix.edit)).toContain('messages: [], max_tokens: 512 }');
  });

  it('computes splitter overlap and catches overlap ≥ size', async () => {
    const ok = explainCall(await first('from langchain_text_splitters import RecursiveCharacterTextSplitter\nRecursiveCharacterTextSplitter(chunk_size=500, chunk_overlap=50)\n', 'langchain:RecursiveCharacterTextSplitter'));
    expect(ok.interpreted.join('\n')).toContain('10 % overlap');
    const bad = explainCall(await first('from langchain.text_splitter import CharacterTextSplitter\nCharacterTextSplitter(chunk_size=100, chunk_overlap=200)\n', 'langchain:CharacterTextSplitter'));
    expect(bad.pitfalls.map((p) => p.code)).toEqual(expect.arrayContaining(['splitter.overlap-ge-size', 'langchain.old-import-path']));
  });

  it('explains QLoRA quantization and legacy APIs', async () => {
    const bnb = explainCall(await first('from transformers import BitsAndBytesConfig\nBitsAndBytesConfig(load_in_4bit=True, bnb_4bit_quant_type="nf4")\n', 'transformers:BitsAndBytesConfig'));
    expect(bnb.interpreted.join('\n')).toMatch(/NF4.*QLoRA/s);
    const legacy = explainCall(await first('import openai\nopenai.ChatCompletion.create(model="gpt-3.5-turbo", messages=[])\n', 'openai:ChatCompletion.create'));
    expect(legacy.pitfalls[0].code).toBe('legacy-api');
    expect(legacy.legacy?.replacement).toContain('client.chat.completions.create');
  });

  it('covers generation, retriever, DPO, stream, n, seed, tool_choice and json mode', async () => {
    const gen = explainCall(await first('from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("x")\nm.generate(ids, temperature=0.7)\n', 'transformers:GenerationMixin.generate'));
    expect(gen.pitfalls.map((p) => p.code)).toEqual(expect.arrayContaining(['generate.sampling-without-do-sample', 'generate.no-max-new-tokens']));
    const ret = explainCall(await first('from langchain_community.vectorstores import FAISS\nv = FAISS.load_local("i", e)\nv.as_retriever(search_kwargs={"k": 6})\n', 'langchain:VectorStore.as_retriever'));
    expect(ret.interpreted[0]).toContain('6 most similar');
    const dpo = explainCall(await first('from trl import DPOConfig\nDPOConfig(beta=0.1, learning_rate=5e-7)\n', 'trl:DPOConfig'));
    expect(dpo.interpreted.join('\n')).toMatch(/beta=0.1/);
    const chat = explainCall(
      await first(
        'from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "list colors"}], stream=True, n=2, seed=7, tool_choice="required", response_format={"type": "json_object"}, max_tokens=10)\n',
        'openai:chat.completions.create',
      ),
    );
    const text = chat.interpreted.join('\n');
    for (const w of ['stream=True', 'n=2', 'seed=7', 'tool_choice="required"', 'JSON mode']) expect(text).toContain(w);
    expect(chat.pitfalls.map((p) => p.code)).toEqual(expect.arrayContaining(['openai.tool-choice-without-tools', 'openai.json-mode-without-json']));
  });

  it('prefers the API card text when given', async () => {
    const card: ApiCard = { symbol: 'peft:LoraConfig', library: 'peft', title: 'LoraConfig', concept: 'LoRA', summary: 'From the card.', questions: [], params: [], pitfalls: [], body: '' };
    const ex = explainCall(await first('from peft import LoraConfig\nLoraConfig(r=8)\n', 'peft:LoraConfig'), card);
    expect(ex.summary).toBe('From the card.');
  });
});

describe('hover and lens text', () => {
  it('renders interpreted values, pitfalls, questions and trusted command links', async () => {
    const call = await first('from peft import LoraConfig\nLoraConfig(r=16, lora_alpha=32)\n', 'peft:LoraConfig');
    const md = renderHoverMarkdown(call, explainCall(call), [{ id: 'lora-basics', title: 'What is LoRA?' }], { uri: 'file:///x.py', line: 1, character: 2 });
    expect(md).toContain('α/r = 32/16 = 2');
    expect(md).toContain(`command:${HOVER_COMMANDS.quizMe}?`);
    expect(md).toContain(`command:${HOVER_COMMANDS.openQuestion}?`);
    expect(md).toContain(`command:${HOVER_COMMANDS.explainCall}?`);
  });

  it('merges calls on one line into one lens row', async () => {
    const calls = await detectSource(loader, 'python', 'from peft import LoraConfig, get_peft_model, TaskType\nm = get_peft_model(b, LoraConfig(r=8, task_type=TaskType.CAUSAL_LM))\n');
    const groups = groupCallsByLine(calls);
    expect(groups).toHaveLength(1);
    const t = lensTitles(groups[0].map((c) => explainCall(c)), 3);
    expect(t.explain).toMatch(/^PEFT model \+ LoRA \+1 · explain$/);
    expect(t.quiz).toBe('quiz me (3)');
  });
});
