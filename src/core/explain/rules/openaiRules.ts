// openai SDK (Python and JS): sampling parameters, limits, streaming, tools and legacy APIs.
import { isExpr } from '../../code/literals';
import type { LiteralValue } from '../../code/types';
import { defineRules, formatValue, percent, type RuleContext } from '../ruleRegistry';

const REASONING = /^(o\d|gpt-5)/;

function messagesSummary(v: LiteralValue | undefined): { roles: string[]; text: string } | undefined {
  if (!Array.isArray(v)) return undefined;
  const roles: string[] = [];
  let text = '';
  for (const m of v) {
    if (m && typeof m === 'object' && !Array.isArray(m) && !isExpr(m)) {
      const role = (m as Record<string, LiteralValue>).role;
      if (typeof role === 'string') roles.push(role);
      const content = (m as Record<string, LiteralValue>).content;
      if (typeof content === 'string') text += content + '\n';
    } else if (Array.isArray(m) && typeof m[0] === 'string') {
      roles.push(m[0]);
      if (typeof m[1] === 'string') text += m[1] + '\n';
    }
  }
  return { roles, text };
}

export function temperatureText(t: number): string {
  if (t === 0) return 'temperature=0: (nearly) deterministic — always the most likely token; best for extraction, classification and code.';
  if (t <= 0.3) return `temperature=${t}: focused and consistent output, good for factual answers.`;
  if (t <= 1) return `temperature=${t}: balanced variety; fine for conversation and drafting.`;
  return `temperature=${t}: more random than the default (1.0) — creative, but risky for factual tasks (more hallucination and drift).`;
}

function samplingRules(ctx: RuleContext, tokenParam: string): void {
  const { args, interpreted, pitfalls, rangeOf, insertArg } = ctx;
  const model = args.str('model') ?? args.str('model_name') ?? args.str('engine');
  const t = args.num('temperature');
  const p = args.num('top_p');
  if (model) interpreted.push(`model="${model}"${REASONING.test(model) ? ': a reasoning model — it thinks before answering; temperature/top_p are fixed and limits use max_completion_tokens' : ''}.`);
  if (t !== undefined) {
    interpreted.push(temperatureText(t));
    if (t > 2 || t < 0) pitfalls.push({ code: 'openai.temperature-range', severity: 'error', message: `temperature must be between 0 and 2 (got ${t}).`, range: rangeOf('temperature') });
    else if (t > 1) pitfalls.push({ code: 'openai.temperature-high', severity: 'hint', message: `temperature=${t} is above 1: expect less reliable facts; use ≤0.3 for factual or extraction tasks.`, range: rangeOf('temperature') });
    if (model && REASONING.test(model) && t !== 1) pitfalls.push({ code: 'openai.reasoning-temperature', severity: 'warning', message: `${model} does not support a custom temperature.`, range: rangeOf('temperature') });
  }
  if (p !== undefined) interpreted.push(`top_p=${p}: nucleus sampling — only tokens within the top ${percent(p)} of probability mass are considered.`);
  if (t !== undefined && p !== undefined && p < 1) {
    pitfalls.push({ code: 'openai.temperature-and-top-p', severity: 'hint', message: 'Both temperature and top_p are set: OpenAI recommends changing one or the other, not both — their effects compound.', range: rangeOf('top_p') });
  }
  const mt = args.num(tokenParam) ?? args.num('max_tokens') ?? args.num('max_completion_tokens') ?? args.num('max_output_tokens');
  const setName = [tokenParam, 'max_tokens', 'max_completion_tokens', 'max_output_tokens'].find((n) => args.has(n));
  const mtFrom = setName && args.value(setName) !== null ? args.setFrom(setName) : undefined;
  if (mt !== undefined) interpreted.push(`${setName}=${mt}: the reply is cut off after ${mt} tokens (≈${Math.round(mt * 0.75)} English words); check finish_reason == "length".`);
  else if (mtFrom) interpreted.push(`${setName} is set from ${mtFrom}: the reply is cut off after that many tokens; check finish_reason == "length".`);
  else if (!setName && !args.hasSplat) {
    pitfalls.push({
      code: 'openai.no-max-tokens',
      severity: 'hint',
      message: `No ${tokenParam}: the reply length is bounded only by the model’s limit, so cost and latency are unbounded.`,
      fix: insertArg(tokenParam, '512'),
    });
  }
  if (model && REASONING.test(model) && args.has('max_tokens')) {
    pitfalls.push({ code: 'openai.reasoning-max-tokens', severity: 'warning', message: 'Reasoning models reject max_tokens; use max_completion_tokens (it also covers the hidden reasoning tokens).', range: rangeOf('max_tokens'), fix: ctx.renameArg('max_tokens', 'max_completion_tokens') });
  }
}

defineRules(['openai:chat.completions.create', 'openai:chat.completions.parse', 'openai:ChatCompletion.create', 'openai:Completion.create'], (ctx) => {
  const { args, interpreted, pitfalls, rangeOf, call } = ctx;
  // Chat Completions deprecates max_tokens for max_completion_tokens (reasoning models reject max_tokens);
  // the legacy text Completions endpoint only has max_tokens. Both SDKs spell request fields in snake_case.
  samplingRules(ctx, call.symbol === 'openai:Completion.create' ? 'max_tokens' : 'max_completion_tokens');
  const msgs = messagesSummary(args.value('messages'));
  if (msgs && msgs.roles.length) interpreted.push(`messages: ${msgs.roles.length} message${msgs.roles.length > 1 ? 's' : ''} (${msgs.roles.join(', ')})${msgs.roles.includes('system') || msgs.roles.includes('developer') ? '' : ' — no system message, so the model gets no standing instructions'}.`);
  if (args.bool('stream')) interpreted.push('stream=True: returns chunks as they are generated; read choices[0].delta.content, and pass stream_options={"include_usage": true} to get token usage.');
  const n = args.num('n');
  if (n !== undefined && n > 1) {
    interpreted.push(`n=${n}: ${n} alternative completions, each billed for its output tokens.`);
    if (args.num('temperature') === 0) pitfalls.push({ code: 'openai.n-with-temperature-0', severity: 'hint', message: `n=${n} with temperature=0 mostly returns ${n} identical answers.`, range: rangeOf('n') });
  }
  const seed = args.value('seed');
  if (seed !== undefined) interpreted.push(`seed=${isExpr(seed) ? seed.text : seed}: best-effort reproducibility — same seed and parameters usually give the same output; compare system_fingerprint.`);
  const tc = args.value('tool_choice');
  if (tc !== undefined) {
    const desc = tc === 'auto' ? 'the model decides whether to call a tool' : tc === 'none' ? 'tools are described but never called' : tc === 'required' ? 'the model must call at least one tool' : 'forces a call to the named function';
    interpreted.push(isExpr(tc) ? `tool_choice is set from ${formatValue(tc)}: "auto", "none", "required" or a named function.` : `tool_choice=${typeof tc === 'string' ? `"${tc}"` : 'a specific function'}: ${desc}.`);
    if (!args.has('tools') && !args.hasSplat) pitfalls.push({ code: 'openai.tool-choice-without-tools', severity: 'warning', message: 'tool_choice is set but no tools are passed.', range: rangeOf('tool_choice') });
  }
  const tools = args.list('tools');
  if (tools) interpreted.push(`tools: ${tools.length} tool schema${tools.length === 1 ? '' : 's'}; the model may answer with tool_calls that your code must execute and send back as role "tool" messages.`);
  const rf = args.obj('response_format');
  if (rf) {
    if (rf.type === 'json_object') {
      interpreted.push('response_format json_object: JSON mode — the reply is valid JSON, but no schema is enforced.');
      if (msgs && !/json/i.test(msgs.text) && msgs.text) pitfalls.push({ code: 'openai.json-mode-without-json', severity: 'warning', message: 'JSON mode requires the word "JSON" in the messages; otherwise the API returns an error.', range: rangeOf('response_format') });
    } else if (rf.type === 'json_schema') interpreted.push('response_format json_schema: Structured Outputs — the reply follows the schema (with strict: true).');
  } else if (args.has('response_format') && call.symbol === 'openai:chat.completions.parse') interpreted.push('response_format: a Pydantic/Zod model; the parsed object is in choices[0].message.parsed.');
  if (args.bool('logprobs')) interpreted.push(`logprobs=True: returns log-probabilities of the chosen tokens${args.num('top_logprobs') ? ` and the top ${args.num('top_logprobs')} alternatives at each position` : ''}.`);
  for (const pen of ['frequency_penalty', 'presence_penalty'] as const) {
    const v = args.num(pen);
    if (v === undefined) continue;
    interpreted.push(`${pen}=${v}: ${pen === 'frequency_penalty' ? 'penalises tokens in proportion to how often they already appeared' : 'penalises any token that already appeared, nudging towards new topics'}${v < 0 ? ' (negative: encourages repetition)' : ''}.`);
    if (Math.abs(v) > 2) pitfalls.push({ code: 'openai.penalty-range', severity: 'error', message: `${pen} must be between -2 and 2.`, range: rangeOf(pen) });
  }
  const stop = args.value('stop');
  if (stop !== undefined) interpreted.push(`stop=${formatValue(stop)}: generation ends before any of these sequences.`);
  if (call.symbol === 'openai:ChatCompletion.create' && args.has('engine')) interpreted.push('engine= is the pre-1.0 (Azure) way to pick a deployment; in openai ≥ 1.0 use model= with AzureOpenAI.');
});

defineRules('openai:responses.create', (ctx) => {
  const { args, interpreted } = ctx;
  samplingRules(ctx, 'max_output_tokens');
  if (args.has('instructions')) interpreted.push('instructions: a system/developer message for this request only (not carried over by previous_response_id).');
  if (args.has('previous_response_id')) interpreted.push('previous_response_id: continues a stored conversation server-side, so you do not resend the history.');
  const tools = args.list('tools');
  if (tools) {
    const kinds = tools.map((t) => (t && typeof t === 'object' && !Array.isArray(t) && !isExpr(t) ? String((t as Record<string, LiteralValue>).type ?? '?') : '?'));
    interpreted.push(`tools: ${kinds.join(', ')} — built-in tools (web_search, file_search, …) run on OpenAI’s side.`);
  }
  if (args.bool('store') === false) interpreted.push('store=False: the response is not kept, so it cannot be continued with previous_response_id.');
});

defineRules(['openai:embeddings.create', 'openai:Embedding.create'], ({ args, interpreted, pitfalls, rangeOf }) => {
  const model = args.str('model') ?? args.str('engine');
  const dims: Record<string, number> = { 'text-embedding-3-small': 1536, 'text-embedding-3-large': 3072, 'text-embedding-ada-002': 1536 };
  if (model) interpreted.push(`model="${model}"${dims[model] ? `: ${dims[model]}-dimensional vectors` : ''}; queries and documents must use the same embedding model.`);
  const d = args.num('dimensions');
  if (d !== undefined) {
    interpreted.push(`dimensions=${d}: the vector is shortened to ${d} values (Matryoshka-style), trading a little accuracy for storage and speed.`);
    if (model === 'text-embedding-ada-002') pitfalls.push({ code: 'openai.dimensions-ada', severity: 'error', message: 'dimensions is only supported by text-embedding-3 models.', range: rangeOf('dimensions') });
  }
  const input = args.value('input');
  if (Array.isArray(input)) interpreted.push(`input: a batch of ${input.length} texts in one request (up to 2,048 per request).`);
  const ef = args.str('encoding_format');
  if (ef) interpreted.push(`encoding_format="${ef}"${ef === 'base64' ? ': compact base64 floats (the JS SDK decodes them for you)' : ''}.`);
});

defineRules('openai:moderations.create', ({ args, interpreted }) => {
  const model = args.str('model');
  interpreted.push(`${model ? `model="${model}": ` : ''}returns flagged plus per-category scores; free to use, and worth running on both user input and model output.`);
});

defineRules('openai:images.generate', ({ args, interpreted, pitfalls, rangeOf }) => {
  const model = args.str('model');
  const n = args.num('n');
  const size = args.str('size');
  if (size) interpreted.push(`size="${size}"${args.str('quality') ? `, quality="${args.str('quality')}"` : ''}: larger and higher quality cost more per image.`);
  if (model === 'dall-e-3' && n !== undefined && n > 1) pitfalls.push({ code: 'openai.dalle3-n', severity: 'error', message: 'dall-e-3 only supports n=1; loop or use parallel requests.', range: rangeOf('n') });
});

defineRules('openai:audio.transcriptions.create', ({ args, interpreted }) => {
  const lang = args.str('language');
  if (lang) interpreted.push(`language="${lang}": telling the model the (ISO-639-1) language improves accuracy and latency.`);
  const rf = args.str('response_format');
  if (rf) interpreted.push(`response_format="${rf}"${rf === 'srt' || rf === 'vtt' ? ': subtitles with timestamps' : rf === 'verbose_json' ? ': segments with timestamps' : ''}.`);
});

defineRules('openai:fine_tuning.jobs.create', ({ args, interpreted }) => {
  const hp = args.obj('hyperparameters');
  if (hp) {
    const parts = Object.entries(hp).map(([k, v]) => `${k}=${formatValue(v)}`);
    interpreted.push(`hyperparameters: ${parts.join(', ')}${hp.n_epochs !== undefined ? ' — more epochs fit the examples more closely (and risk over-fitting)' : ''}.`);
  }
  const method = args.obj('method');
  if (method && typeof method.type === 'string') interpreted.push(`method type "${method.type}"${method.type === 'dpo' ? ': preference fine-tuning on chosen/rejected pairs' : ''}.`);
  if (!args.has('validation_file')) interpreted.push('No validation_file: you get no held-out loss to detect over-fitting.');
});

defineRules('openai:batches.create', ({ args, interpreted }) => {
  const w = args.str('completion_window');
  const wFrom = args.setFrom('completion_window', 'string');
  interpreted.push(`${wFrom ? `completion_window is set from ${wFrom} (only "24h" is accepted)` : `completion_window="${w ?? '24h'}"`}: results within 24 hours at about half the price of synchronous calls.`);
  const ep = args.str('endpoint');
  if (ep) interpreted.push(`endpoint="${ep}": every line of the input JSONL must target this endpoint.`);
});

defineRules('openai:files.create', ({ args, interpreted }) => {
  const p = args.str('purpose');
  if (p) interpreted.push(`purpose="${p}"${p === 'fine-tune' ? ': JSONL of chat examples for fine-tuning' : p === 'batch' ? ': JSONL of requests for the Batch API' : ''}.`);
});

defineRules(['openai:OpenAI', 'openai:AsyncOpenAI'], ({ call, args, interpreted, pitfalls, rangeOf }) => {
  const key = args.str('api_key') ?? args.str('apiKey');
  if (key && key.length > 8) pitfalls.push({ code: 'openai.hardcoded-key', severity: 'warning', message: 'An API key is hard-coded in source; read it from the environment (OPENAI_API_KEY) or a secret store.', range: rangeOf('api_key') ?? rangeOf('apiKey') });
  else if (!args.has('api_key') && !args.has('apiKey')) interpreted.push('Reads the key from the OPENAI_API_KEY environment variable.');
  const base = args.str('base_url') ?? args.str('baseURL');
  if (base) interpreted.push(`base_url="${base}": talks to an OpenAI-compatible server (e.g. vLLM, Ollama, a proxy) instead of api.openai.com.`);
  const retries = args.num('max_retries') ?? args.num('maxRetries');
  if (retries !== undefined) interpreted.push(`max_retries=${retries}: failed requests (429, 5xx, timeouts) are retried with backoff ${retries} times (default 2).`);
  const timeout = args.num('timeout');
  if (timeout !== undefined) interpreted.push(`timeout=${timeout}: per-request timeout (default 10 minutes).`);
  if (call.symbol === 'openai:AsyncOpenAI') interpreted.push('Every method returns a coroutine: await it, and use asyncio.gather to run requests concurrently.');
});
