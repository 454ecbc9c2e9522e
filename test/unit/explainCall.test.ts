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
    expect(fixed).toContain('top_p=0.9, max_completion_tokens=512,');
    expect(await detectSource(loader, 'python', fixed)).toHaveLength(2);
  });

  it('writes JS-style fixes for option objects', async () => {
    const src = 'import OpenAI from "openai";\nconst c = new OpenAI();\nc.chat.completions.create({ model: "gpt-4o", messages: [] });\n';
    const ex = explainCall(await first(src, 'openai:chat.completions.create', 'typescript'), undefined, { dialect: 'js' });
    const fix = ex.pitfalls.find((p) => p.code === 'openai.no-max-tokens')!.fix!;
    expect(applyFix(src, fix.edit)).toContain('messages: [], max_completion_tokens: 512 }');
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

  it('says a variable argument is set from its expression instead of assuming the default', async () => {
    const text = (ex: { interpreted: string[] }) => ex.interpreted.join('\n');
    const lora = explainCall(await first('from peft import LoraConfig\nlora_r = 64\nLoraConfig(r=lora_r, lora_alpha=16, task_type="CAUSAL_LM")\n', 'peft:LoraConfig'));
    expect(text(lora)).toContain('r is set from lora_r');
    expect(text(lora)).toContain('α/r = 16/lora_r.');
    expect(text(lora)).not.toMatch(/rank 8|= 2\b/);
    expect(lora.pitfalls).toEqual([]);
    const overlapVar = explainCall(await first('from langchain_text_splitters import RecursiveCharacterTextSplitter\nRecursiveCharacterTextSplitter(chunk_size=150, chunk_overlap=OVERLAP)\n', 'langchain:RecursiveCharacterTextSplitter'));
    expect(text(overlapVar)).toContain('chunk_overlap is set from OVERLAP');
    expect(overlapVar.pitfalls.map((p) => p.code)).not.toContain('splitter.overlap-ge-size');
    const sizeVar = explainCall(await first('from langchain_text_splitters import RecursiveCharacterTextSplitter\nRecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=100)\n', 'langchain:RecursiveCharacterTextSplitter'));
    expect(text(sizeVar)).toContain('chunk_size is set from CHUNK_SIZE');
    expect(text(sizeVar)).not.toContain('4000');
    const ta = explainCall(await first('from transformers import TrainingArguments\nTrainingArguments(per_device_train_batch_size=cfg.bs, gradient_accumulation_steps=4)\n', 'transformers:TrainingArguments'));
    expect(text(ta)).toContain('cfg.bs × 4');
    expect(text(ta)).not.toMatch(/8 × 4|= 32/);
    const ret = explainCall(await first('from langchain_community.vectorstores import FAISS\nvs = FAISS.from_documents(docs, emb)\nvs.as_retriever(search_kwargs={"k": top_k})\n', 'langchain:VectorStore.as_retriever'));
    expect(ret.interpreted[0]).toContain('k is set from top_k');
    expect(ret.interpreted[0]).not.toContain('4 most similar');
    const gen = explainCall(await first('from transformers import AutoModelForCausalLM\nm = AutoModelForCausalLM.from_pretrained("x")\nm.generate(ids, max_new_tokens=n, do_sample=sample, temperature=0.7)\n', 'transformers:GenerationMixin.generate'));
    expect(gen.pitfalls).toEqual([]);
    expect(text(gen)).not.toContain('Greedy');
    const bnb = explainCall(await first('from transformers import BitsAndBytesConfig\nBitsAndBytesConfig(load_in_4bit=use_4bit, bnb_4bit_quant_type="nf4", bnb_4bit_compute_dtype=torch.bfloat16)\n', 'transformers:BitsAndBytesConfig'));
    expect(text(bnb)).toContain('load_in_4bit is set from use_4bit');
    expect(text(bnb)).not.toContain('nothing will be quantized');
    const chat = explainCall(await first('from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model="gpt-4o", messages=[], max_completion_tokens=limit)\n', 'openai:chat.completions.create'));
    expect(text(chat)).toContain('max_completion_tokens is set from limit');
    expect(chat.pitfalls.map((p) => p.code)).not.toContain('openai.no-max-tokens');
  });

  it('escapes and shortens "set from" expressions in the hover', async () => {
    const call = await first('from peft import LoraConfig\nLoraConfig(r=cfg["r"],\n  lora_alpha=2*base_r)\n', 'peft:LoraConfig');
    const md = renderHoverMarkdown(call, explainCall(call), []);
    expect(md).toContain('r is set from cfg\\["r"\\]');
    expect(md).toContain('α/r = (2\\*base\\_r)/(cfg\\["r"\\])');
  });

  it('bases the weight memory estimate on the dtype and quantization in effect', async () => {
    const load = async (args: string) => explainCall(await first(`from transformers import AutoModelForCausalLM\nAutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf"${args})\n`, 'transformers:AutoModelForCausalLM.from_pretrained')).interpreted.join('\n');
    const none = await load('');
    expect(none).toContain('about 28 GB of weights in float32');
    expect(none).toMatch(/transformers 5 defaults to dtype="auto"/);
    expect(await load(', torch_dtype=torch.bfloat16')).toContain('about 14 GB of weights in bfloat16');
    expect(await load(', dtype=torch.float32')).toContain('about 28 GB of weights in float32');
    const qc = await load(', quantization_config=bnb, device_map="auto"');
    expect(qc).toContain('3.9 GB in 4-bit or 7.3 GB in 8-bit');
    expect(qc).not.toMatch(/about 14 GB of weights/);
    expect(await load(', quantization_config=BitsAndBytesConfig(load_in_4bit=True))')).toContain('about 3.9 GB of weights in 4-bit');
  });

  it('suggests max_completion_tokens, not the deprecated max_tokens, for chat completions', async () => {
    const py = 'from openai import OpenAI\nc = OpenAI()\nc.chat.completions.create(model="gpt-4o", messages=[])\n';
    const p = explainCall(await first(py, 'openai:chat.completions.create')).pitfalls.find((x) => x.code === 'openai.no-max-tokens')!;
    expect(p.message).toMatch(/^No max_completion_tokens:/);
    expect(applyFix(py, p.fix!.edit)).toContain('messages=[], max_completion_tokens=512)');
    const js = 'import OpenAI from "openai";\nconst c = new OpenAI();\nc.chat.completions.create({ model: "o3-mini", messages: [] });\n';
    const j = explainCall(await first(js, 'openai:chat.completions.create', 'typescript'), undefined, { dialect: 'js' }).pitfalls.find((x) => x.code === 'openai.no-max-tokens')!;
    expect(applyFix(js, j.fix!.edit)).toContain('messages: [], max_completion_tokens: 512 }');
    const legacy = explainCall(await first('import openai\nopenai.Completion.create(model="gpt-3.5-turbo-instruct", prompt="hi")\n', 'openai:Completion.create'));
    expect(legacy.pitfalls.find((x) => x.code === 'openai.no-max-tokens')?.fix?.edit.newText).toBe(', max_tokens=512');
  });

  it('uses the LangChain.js splitter defaults (1000/200) for JS and TS', async () => {
    const ts = 'import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";\nconst s = new RecursiveCharacterTextSplitter({ chunkOverlap: 100 });\n';
    const js = explainCall(await first(ts, 'langchain:RecursiveCharacterTextSplitter', 'typescript'), undefined, { dialect: 'js' });
    expect(js.interpreted[0]).toContain('chunk_size=1000 (default)');
    expect(js.interpreted[1]).toContain('10 % overlap');
    const py = explainCall(await first('from langchain_text_splitters import RecursiveCharacterTextSplitter\nRecursiveCharacterTextSplitter(chunk_overlap=100)\n', 'langchain:RecursiveCharacterTextSplitter'));
    expect(py.interpreted[0]).toContain('chunk_size=4000 (default)');
    // Python raises only for overlap > size; LangChain.js also rejects overlap == size.
    const eqPy = explainCall(await first('from langchain_text_splitters import RecursiveCharacterTextSplitter\nRecursiveCharacterTextSplitter(chunk_size=200, chunk_overlap=200)\n', 'langchain:RecursiveCharacterTextSplitter'));
    expect(eqPy.pitfalls.find((p) => p.code === 'splitter.overlap-ge-size')?.severity).toBe('warning');
    const eqJs = explainCall(await first(ts.replace('chunkOverlap: 100', 'chunkSize: 200, chunkOverlap: 200'), 'langchain:RecursiveCharacterTextSplitter', 'typescript'), undefined, { dialect: 'js' });
    expect(eqJs.pitfalls.find((p) => p.code === 'splitter.overlap-ge-size')?.severity).toBe('error');
  });

  it('drops the old-import hint when the name is also imported from its new path', async () => {
    const src = 'try:\n    from langchain_openai import ChatOpenAI\nexcept ImportError:\n    from langchain.chat_models import ChatOpenAI\nllm = ChatOpenAI(temperature=0, max_tokens=100)\n';
    const call = await first(src, 'langchain:ChatOpenAI');
    expect(call.module).toBe('langchain.chat_models');
    expect(call.importModules).toEqual(['langchain_openai', 'langchain.chat_models']);
    expect(explainCall(call).pitfalls.map((p) => p.code)).not.toContain('langchain.old-import-path');
    const oldOnly = await first('from langchain.chat_models import ChatOpenAI\nllm = ChatOpenAI(temperature=0)\n', 'langchain:ChatOpenAI');
    expect(oldOnly.importModules).toBeUndefined();
    expect(explainCall(oldOnly).pitfalls.map((p) => p.code)).toContain('langchain.old-import-path');
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
