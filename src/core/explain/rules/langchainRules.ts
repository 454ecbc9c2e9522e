// langchain / langgraph: splitters, chat models, prompts, LCEL, chains and agents.
import { isExpr } from '../../code/literals';
import type { LiteralValue } from '../../code/types';
import { defineRules, formatValue, known, percent, settingText } from '../ruleRegistry';
import { temperatureText } from './openaiRules';

const OLD_IMPORTS: [RegExp, string][] = [
  [/^langchain\.chat_models$/, 'langchain_openai (ChatOpenAI) or langchain_community.chat_models'],
  [/^langchain\.llms$/, 'langchain_openai or langchain_community.llms'],
  [/^langchain\.embeddings$/, 'langchain_openai (OpenAIEmbeddings) or langchain_community.embeddings'],
  [/^langchain\.vectorstores$/, 'langchain_community.vectorstores (or langchain_chroma / langchain_qdrant)'],
  [/^langchain\.document_loaders$/, 'langchain_community.document_loaders'],
  [/^langchain\.text_splitter$/, 'langchain_text_splitters'],
];

defineRules(
  [
    'langchain:ChatOpenAI',
    'langchain:OpenAIEmbeddings',
    'langchain:RecursiveCharacterTextSplitter',
    'langchain:CharacterTextSplitter',
    'langchain:FAISS',
    'langchain:Chroma',
    'langchain:PyPDFLoader',
    'langchain:PromptTemplate',
  ],
  ({ call, pitfalls }) => {
    const hit = call.module ? OLD_IMPORTS.find(([re]) => re.test(call.module!)) : undefined;
    // `try: from langchain_openai import X / except ImportError: from langchain.chat_models import X`
    // already prefers the new path: no hint when the same name is also imported from a current module.
    const alsoNew = (call.importModules ?? []).some((m) => m !== call.module && !OLD_IMPORTS.some(([re]) => re.test(m)));
    if (hit && !alsoNew) pitfalls.push({ code: 'langchain.old-import-path', severity: 'hint', message: `Imported from ${call.module}, a path that moved: import from ${hit[1]} instead.` });
  },
);

defineRules(['langchain:RecursiveCharacterTextSplitter', 'langchain:CharacterTextSplitter'], ({ call, args, interpreted, pitfalls, rangeOf, dialect }) => {
  // Defaults: Python TextSplitter 4000/200; LangChain.js TextSplitter 1000/200.
  const sizeArg = args.numSetting('chunk_size', dialect === 'js' ? 1000 : 4000);
  const overlapArg = args.numSetting('chunk_overlap', 200);
  const tokens = /from_tiktoken_encoder|from_huggingface_tokenizer/.test(call.callee);
  const unit = tokens ? 'tokens' : 'characters';
  const sv = sizeArg.value;
  const ov = overlapArg.value;
  interpreted.push(sv !== undefined ? `${settingText(sizeArg)}: chunks of up to ${sv} ${unit}${tokens ? '' : ` (≈${Math.round(sv / 4)} tokens of English)`}.` : `${settingText(sizeArg)}: chunks of up to that many ${unit}.`);
  // Shares and range checks only with both values known (an expression, or a **kwargs that may override a default, is unknown here).
  const size = known(sizeArg);
  const overlap = known(overlapArg);
  const share = size !== undefined && overlap !== undefined ? ` — ${percent(overlap / Math.max(1, size))} overlap` : '';
  interpreted.push(`${settingText(overlapArg)}: neighbouring chunks share ${ov ?? 'that many'} ${unit}${share}, so a sentence cut at a boundary still appears whole in one chunk.`);
  if (size !== undefined && overlap !== undefined) {
    // LangChain.js throws when chunkOverlap >= chunkSize; Python raises ValueError only when chunk_overlap > chunk_size.
    if (overlap > size || (overlap === size && dialect === 'js')) pitfalls.push({ code: 'splitter.overlap-ge-size', severity: 'error', message: `chunk_overlap (${overlap}) must be smaller than chunk_size (${size}).`, range: rangeOf('chunk_overlap') ?? rangeOf('chunk_size') });
    else if (overlap === size) pitfalls.push({ code: 'splitter.overlap-ge-size', severity: 'warning', message: `chunk_overlap equals chunk_size (${size}): consecutive chunks can repeat each other almost entirely; keep the overlap well below chunk_size.`, range: rangeOf('chunk_overlap') ?? rangeOf('chunk_size') });
    else if (overlap > size / 2) pitfalls.push({ code: 'splitter.overlap-large', severity: 'hint', message: `chunk_overlap is ${percent(overlap / size)} of chunk_size; more than ~20 % mostly duplicates text and index size.`, range: rangeOf('chunk_overlap') });
  }
  if (!sizeArg.isDefault && sv !== undefined && sv < 100) pitfalls.push({ code: 'splitter.chunk-small', severity: 'hint', message: `chunk_size=${sv} ${unit} is very small; chunks may lose the context needed to answer.`, range: rangeOf('chunk_size') });
  if (!tokens && size !== undefined && size > 8000) pitfalls.push({ code: 'splitter.chunk-large', severity: 'hint', message: `chunk_size=${size} characters is large; retrieval gets coarse and prompts expensive.`, range: rangeOf('chunk_size') });
  const seps = args.list('separators');
  if (seps) interpreted.push(`separators: tries ${seps.map((s) => JSON.stringify(s)).join(', ')} in order, falling back to the next when a piece is still too long.`);
  else if (call.symbol === 'langchain:RecursiveCharacterTextSplitter') interpreted.push('Splits on paragraphs ("\\n\\n"), then lines, then spaces, then characters.');
});

defineRules('langchain:ChatOpenAI', ({ args, interpreted, pitfalls, insertArg, renameArg, rangeOf, dialect }) => {
  const model = args.str('model') ?? args.str('model_name');
  if (model) interpreted.push(`model="${model}".`);
  if (args.has('model_name')) pitfalls.push({ code: 'langchain.model-name-alias', severity: 'hint', message: 'model_name is an older alias; use model=.', range: rangeOf('model_name'), fix: renameArg(args.arg('model_name')?.name ?? 'model_name', 'model') });
  const t = args.num('temperature');
  if (t !== undefined) interpreted.push(temperatureText(t));
  if (t !== undefined && t > 1) pitfalls.push({ code: 'openai.temperature-high', severity: 'hint', message: `temperature=${t} is above 1: expect less reliable facts.`, range: rangeOf('temperature') });
  const mt = args.num('max_tokens') ?? args.num('max_completion_tokens');
  const mtName = args.has('max_tokens') ? 'max_tokens' : args.has('max_completion_tokens') ? 'max_completion_tokens' : undefined;
  if (mt !== undefined) interpreted.push(`max_tokens=${mt}: replies are cut off after ${mt} tokens.`);
  else if (mtName) {
    const from = args.setFrom(mtName);
    if (args.value(mtName) !== null) interpreted.push(`${mtName} is set from ${from}: replies are cut off after that many tokens.`);
  } else if (!args.hasSplat) pitfalls.push({ code: 'openai.no-max-tokens', severity: 'hint', message: 'No max_tokens: reply length (and cost) is bounded only by the model’s limit.', fix: insertArg(dialect === 'js' ? 'maxTokens' : 'max_tokens', '512') });
  if (args.bool('streaming')) interpreted.push('streaming=True: tokens are streamed to callbacks as they arrive.');
  const key = args.str('api_key') ?? args.str('openai_api_key');
  if (key && key.length > 8) pitfalls.push({ code: 'openai.hardcoded-key', severity: 'warning', message: 'An API key is hard-coded in source; use the OPENAI_API_KEY environment variable.', range: rangeOf('api_key') ?? rangeOf('openai_api_key') });
});

defineRules('langchain:OpenAIEmbeddings', ({ args, interpreted }) => {
  const model = args.str('model');
  const modelFrom = args.setFrom('model', 'string');
  if (model) interpreted.push(`model="${model}": the index and every query must be embedded with this same model.`);
  else if (modelFrom) interpreted.push(`model is set from ${modelFrom}: the index and every query must be embedded with this same model.`);
  else if (!args.hasSplat) interpreted.push('No model given: the package default is used; pin model= so re-indexing later gives compatible vectors.');
  const d = args.num('dimensions');
  if (d !== undefined) interpreted.push(`dimensions=${d}: shortened embedding vectors.`);
});

function templateVars(s: string): string[] {
  const vars = new Set<string>();
  for (const m of s.replace(/\{\{|\}\}/g, '').matchAll(/\{([A-Za-z_][\w]*)\}/g)) vars.add(m[1]);
  return [...vars];
}

defineRules(['langchain:PromptTemplate', 'langchain:ChatPromptTemplate'], ({ args, interpreted, pitfalls }) => {
  let text = '';
  const roles: string[] = [];
  const first = args.value('template', 0) ?? args.value('messages', 0);
  const collect = (v: LiteralValue | undefined) => {
    if (typeof v === 'string') text += v + '\n';
    else if (Array.isArray(v)) {
      for (const m of v) {
        if (Array.isArray(m) && typeof m[0] === 'string') {
          roles.push(m[0]);
          if (typeof m[1] === 'string') text += m[1] + '\n';
        } else if (isExpr(m)) roles.push(m.text.includes('MessagesPlaceholder') ? 'placeholder' : 'message');
      }
    }
  };
  collect(first);
  if (roles.length) interpreted.push(`Messages: ${roles.join(' → ')}.`);
  const vars = templateVars(text);
  if (vars.length) interpreted.push(`Input variables: ${vars.map((v) => `{${v}}`).join(', ')} — invoke with a dict containing ${vars.length === 1 ? 'this key' : 'these keys'}.`);
  if (/\{[^}]*\s[^}]*\}/.test(text.replace(/\{\{|\}\}/g, '')) && /"\s*:/.test(text)) pitfalls.push({ code: 'prompt.literal-braces', severity: 'hint', message: 'The template contains literal braces (JSON?); escape them as {{ }} or they are read as variables.' });
});

defineRules('langchain:RunnableSequence', ({ call, interpreted }) => {
  interpreted.push(call.kind === 'pipe' ? 'Each | feeds the previous step’s output into the next; the whole chain is itself a Runnable (invoke / stream / batch).' : 'Steps run in order, each receiving the previous output.');
});

defineRules('langchain:Runnable.invoke', ({ call, interpreted }) => {
  const method = call.callee.split('.').pop() ?? 'invoke';
  const text: Record<string, string> = {
    invoke: 'invoke: runs the runnable on one input and returns the final output.',
    ainvoke: 'ainvoke: the async form of invoke — await it.',
    stream: 'stream: yields output chunks as they are produced (tokens for chat models).',
    astream: 'astream: async streaming — iterate with async for.',
    batch: 'batch: runs many inputs concurrently (max_concurrency in config limits it).',
    abatch: 'abatch: async batch.',
  };
  interpreted.push(text[method] ?? `${method}: runs the runnable.`);
});

defineRules(['langchain:create_stuff_documents_chain'], ({ interpreted }) => {
  interpreted.push('“Stuff” = all retrieved documents are concatenated into the {context} variable of one prompt; many or long chunks can overflow the context window.');
});

defineRules('langchain:create_retrieval_chain', ({ interpreted }) => {
  interpreted.push('Retrieves documents for input["input"], passes them as context to the combine-docs chain, and returns {"input", "context", "answer"}.');
});

defineRules('langchain:RetrievalQA', ({ args, interpreted }) => {
  const ct = args.str('chain_type');
  if (ct) interpreted.push(`chain_type="${ct}": ${ct === 'stuff' ? 'all documents in one prompt' : ct === 'map_reduce' ? 'answer per document, then combine (more calls)' : ct === 'refine' ? 'iteratively refine an answer document by document' : 'custom combination'}.`);
});

defineRules('langchain:LLMChain', ({ interpreted }) => {
  interpreted.push('Equivalent LCEL: chain = prompt | llm (add | StrOutputParser() for a string).');
});

defineRules('langchain:ConversationBufferMemory', ({ args, interpreted }) => {
  interpreted.push('Keeps the entire history in the prompt: tokens (and cost) grow with every turn.');
  if (args.bool('return_messages')) interpreted.push('return_messages=True: history as message objects (for chat models) instead of one string.');
});

defineRules('langchain:AgentExecutor', ({ args, interpreted, pitfalls }) => {
  const mi = args.num('max_iterations');
  interpreted.push(`${settingText(args.numSetting('max_iterations', 15))}: the loop stops after this many tool steps.`);
  if (args.bool('handle_parsing_errors')) interpreted.push('handle_parsing_errors=True: malformed model output is fed back as an observation instead of raising.');
  if (args.bool('verbose')) interpreted.push('verbose=True: prints each thought/action/observation.');
  if (mi !== undefined && mi > 50) pitfalls.push({ code: 'agent.max-iterations-high', severity: 'hint', message: `max_iterations=${mi}: a looping agent can burn many model calls before stopping.` });
});

defineRules(['langchain:create_react_agent'], ({ interpreted }) => {
  interpreted.push('The prompt must contain {tools}, {tool_names} and {agent_scratchpad}; run the agent with AgentExecutor.');
});

defineRules('langgraph:create_react_agent', ({ interpreted }) => {
  interpreted.push('Model and tools in a loop: the model calls tools until it answers without a tool call; returns a compiled graph (invoke with {"messages": [...]}).');
});

defineRules('langgraph:StateGraph', ({ interpreted }) => {
  interpreted.push('Nodes return partial state updates; add_edge / add_conditional_edges wire them; compile() gives a runnable graph.');
});

defineRules('langchain:tool', ({ call, interpreted }) => {
  interpreted.push(call.kind === 'reference' ? 'The function name, docstring and type hints become the tool’s name, description and schema — write the docstring for the model.' : 'name, description and schema are what the model sees when choosing this tool.');
});

defineRules('langchain:BaseChatModel.bind_tools', ({ args, interpreted }) => {
  const tc = args.value('tool_choice');
  if (tc !== undefined) interpreted.push(`tool_choice=${formatValue(tc)}: ${tc === 'any' || tc === 'required' ? 'the model must call a tool' : 'controls whether/which tool is called'}.`);
  interpreted.push('Responses carry .tool_calls; your code (or an agent loop) must run them.');
});

defineRules('langchain:BaseChatModel.with_structured_output', ({ args, interpreted }) => {
  const m = args.str('method');
  if (m) interpreted.push(`method="${m}": ${m === 'json_schema' ? 'native structured outputs' : m === 'function_calling' ? 'via a forced tool call' : m === 'json_mode' ? 'JSON mode (schema described in the prompt)' : ''}.`);
  if (args.bool('include_raw')) interpreted.push('include_raw=True: returns {"raw", "parsed", "parsing_error"} instead of raising on bad output.');
});

defineRules('langchain:StrOutputParser', ({ interpreted }) => {
  interpreted.push('Turns the AIMessage into its .content string.');
});

defineRules('langchain:RunnablePassthrough', ({ call, interpreted }) => {
  interpreted.push(call.callee.endsWith('assign') ? '.assign(...): passes the input dict through and adds the computed keys.' : 'Forwards its input unchanged — typically the user question next to the retrieved {context}.');
});

defineRules('langchain:PyPDFLoader', ({ interpreted }) => {
  interpreted.push('load() returns one Document per page (metadata: source, page); split them before embedding.');
});
