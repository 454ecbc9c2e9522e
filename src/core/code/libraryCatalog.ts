// What the detector knows about each library, as data: which import modules belong to it, which
// names it exports (and what calling them produces), and the members of the instances it creates.
// Keys are dotted names relative to the package, with module segments left out
// (`langchain_community.vectorstores.FAISS.from_documents` → `FAISS.from_documents`). JS camelCase
// member names are looked up in snake_case (`asRetriever` → `as_retriever`).

export interface EntityDef {
  /** Symbol reported when the entity is called (or referenced, for `ref`). */
  symbol?: string;
  /** Instance type produced by calling it. */
  returns?: string;
  legacy?: boolean;
  /** Reported on any reference, not only calls: decorators, enums, metric objects. */
  ref?: boolean;
}

export type MemberDef = EntityDef;

export interface TypeDef {
  extends?: string[];
  /** Dotted member paths, e.g. `chat.completions.create`. */
  members: Record<string, MemberDef>;
  /** Instances that act as LCEL runnables (allowed in `|` pipes). */
  runnable?: boolean;
}

export interface LibraryFamily {
  library: string;
  /** Python top-level packages. */
  python?: RegExp;
  /** JS module specifiers. */
  js?: RegExp;
  exports: Record<string, EntityDef>;
  /** The module object itself behaves like an instance of this type (openai ≥ 1.0 module client). */
  moduleType?: string;
  /** Entity for the JS default export / `require()` result when called. */
  jsDefault?: string;
}

const T = {
  openaiClient: 'openai.Client',
  openaiLegacyApi: 'openai.LegacyApi',
  peftModel: 'peft.PeftModel',
  hfModel: 'transformers.Model',
  hfTokenizer: 'transformers.Tokenizer',
  hfTrainer: 'transformers.Trainer',
  runnable: 'langchain.Runnable',
  chatModel: 'langchain.ChatModel',
  vectorStore: 'langchain.VectorStore',
  embeddings: 'langchain.Embeddings',
  splitter: 'langchain.TextSplitter',
  loader: 'langchain.Loader',
  stateGraph: 'langgraph.StateGraph',
  stModel: 'sentence_transformers.SentenceTransformer',
  crossEncoder: 'sentence_transformers.CrossEncoder',
  encoding: 'tiktoken.Encoding',
  qdrant: 'qdrant_client.QdrantClient',
  chromaClient: 'chromadb.Client',
  chromaCollection: 'chromadb.Collection',
  faissIndex: 'faiss.Index',
} as const;

const RUNNABLE_METHODS = ['invoke', 'ainvoke', 'batch', 'abatch', 'stream', 'astream', 'batch_as_completed'];

function runnableMembers(): Record<string, MemberDef> {
  const m: Record<string, MemberDef> = {};
  for (const k of RUNNABLE_METHODS) m[k] = { symbol: 'langchain:Runnable.invoke' };
  m.pipe = { symbol: 'langchain:RunnableSequence', returns: T.runnable };
  for (const k of ['with_config', 'with_retry', 'with_fallbacks', 'bind', 'assign', 'pick', 'with_listeners']) m[k] = { returns: T.runnable };
  return m;
}

export const TYPES: Record<string, TypeDef> = {
  [T.openaiClient]: {
    members: {
      'chat.completions.create': { symbol: 'openai:chat.completions.create' },
      'chat.completions.parse': { symbol: 'openai:chat.completions.parse' },
      'beta.chat.completions.parse': { symbol: 'openai:chat.completions.parse' },
      'responses.create': { symbol: 'openai:responses.create' },
      'embeddings.create': { symbol: 'openai:embeddings.create' },
      'moderations.create': { symbol: 'openai:moderations.create' },
      'images.generate': { symbol: 'openai:images.generate' },
      'audio.transcriptions.create': { symbol: 'openai:audio.transcriptions.create' },
      'fine_tuning.jobs.create': { symbol: 'openai:fine_tuning.jobs.create' },
      'batches.create': { symbol: 'openai:batches.create' },
      'files.create': { symbol: 'openai:files.create' },
    },
  },
  // openai v3 for Node: `new OpenAIApi(configuration).createChatCompletion(...)`.
  [T.openaiLegacyApi]: {
    members: {
      create_chat_completion: { symbol: 'openai:ChatCompletion.create', legacy: true },
      create_completion: { symbol: 'openai:Completion.create', legacy: true },
      create_embedding: { symbol: 'openai:Embedding.create', legacy: true },
    },
  },
  [T.hfModel]: {
    members: {
      generate: { symbol: 'transformers:GenerationMixin.generate' },
      to: { returns: T.hfModel },
      eval: { returns: T.hfModel },
      cuda: { returns: T.hfModel },
    },
  },
  [T.peftModel]: {
    extends: [T.hfModel],
    members: {
      merge_and_unload: { symbol: 'peft:PeftModel.merge_and_unload', returns: T.hfModel },
      print_trainable_parameters: { symbol: 'peft:PeftModel.print_trainable_parameters' },
      save_pretrained: { symbol: 'peft:PeftModel.save_pretrained' },
      to: { returns: T.peftModel },
    },
  },
  [T.hfTokenizer]: {
    members: {
      apply_chat_template: { symbol: 'transformers:PreTrainedTokenizerBase.apply_chat_template' },
    },
  },
  [T.hfTrainer]: { members: {} },
  [T.runnable]: { runnable: true, members: runnableMembers() },
  [T.chatModel]: {
    extends: [T.runnable],
    runnable: true,
    members: {
      bind_tools: { symbol: 'langchain:BaseChatModel.bind_tools', returns: T.runnable },
      with_structured_output: { symbol: 'langchain:BaseChatModel.with_structured_output', returns: T.runnable },
    },
  },
  [T.vectorStore]: {
    members: {
      as_retriever: { symbol: 'langchain:VectorStore.as_retriever', returns: T.runnable },
      similarity_search: { symbol: 'langchain:VectorStore.similarity_search' },
      similarity_search_with_score: { symbol: 'langchain:VectorStore.similarity_search' },
      similarity_search_with_relevance_scores: { symbol: 'langchain:VectorStore.similarity_search' },
      asimilarity_search: { symbol: 'langchain:VectorStore.similarity_search' },
    },
  },
  [T.embeddings]: { members: {} },
  [T.splitter]: { members: {} },
  [T.loader]: { members: {} },
  [T.stateGraph]: { members: { compile: { returns: T.runnable } } },
  [T.stModel]: { members: { encode: { symbol: 'sentence_transformers:SentenceTransformer.encode' } } },
  [T.crossEncoder]: {
    members: {
      predict: { symbol: 'sentence_transformers:CrossEncoder.predict' },
      rank: { symbol: 'sentence_transformers:CrossEncoder.predict' },
    },
  },
  [T.encoding]: {
    members: {
      encode: { symbol: 'tiktoken:Encoding.encode' },
      decode: { symbol: 'tiktoken:Encoding.decode' },
    },
  },
  [T.qdrant]: {
    members: {
      create_collection: { symbol: 'qdrant_client:QdrantClient.create_collection' },
      upsert: { symbol: 'qdrant_client:QdrantClient.upsert' },
      query_points: { symbol: 'qdrant_client:QdrantClient.query_points' },
      search: { symbol: 'qdrant_client:QdrantClient.query_points' },
      query: { symbol: 'qdrant_client:QdrantClient.query_points' },
    },
  },
  [T.chromaClient]: {
    members: {
      get_or_create_collection: { symbol: 'chromadb:Client.get_or_create_collection', returns: T.chromaCollection },
      create_collection: { returns: T.chromaCollection },
      get_collection: { returns: T.chromaCollection },
    },
  },
  [T.chromaCollection]: {
    members: {
      add: { symbol: 'chromadb:Collection.add' },
      query: { symbol: 'chromadb:Collection.query' },
    },
  },
  [T.faissIndex]: { members: { search: { symbol: 'faiss:Index.search' } } },
};

function withStatics(symbol: string, returns: string | undefined, statics: string[], extra: Partial<EntityDef> = {}): Record<string, EntityDef> {
  const name = symbol.slice(symbol.indexOf(':') + 1);
  const out: Record<string, EntityDef> = { [name]: { symbol, returns, ...extra } };
  for (const s of statics) out[`${name}.${s}`] = { symbol, returns, ...extra };
  return out;
}

function aliasOf(alias: string, def: EntityDef): Record<string, EntityDef> {
  return { [alias]: def };
}

const VS_STATICS = ['from_documents', 'from_texts', 'afrom_documents', 'afrom_texts', 'from_embeddings'];

export const FAMILIES: LibraryFamily[] = [
  {
    library: 'peft',
    python: /^peft$/,
    exports: {
      LoraConfig: { symbol: 'peft:LoraConfig' },
      get_peft_model: { symbol: 'peft:get_peft_model', returns: T.peftModel },
      'PeftModel.from_pretrained': { symbol: 'peft:PeftModel.from_pretrained', returns: T.peftModel },
      'PeftModelForCausalLM.from_pretrained': { symbol: 'peft:PeftModel.from_pretrained', returns: T.peftModel },
      'AutoPeftModelForCausalLM.from_pretrained': { returns: T.peftModel },
      prepare_model_for_kbit_training: { symbol: 'peft:prepare_model_for_kbit_training', returns: T.hfModel },
      TaskType: { symbol: 'peft:TaskType', ref: true },
      AdaLoraConfig: { symbol: 'peft:AdaLoraConfig' },
      PrefixTuningConfig: { symbol: 'peft:PrefixTuningConfig' },
      PromptTuningConfig: { symbol: 'peft:PromptTuningConfig' },
      IA3Config: { symbol: 'peft:IA3Config' },
    },
  },
  {
    library: 'openai',
    python: /^openai$/,
    js: /^openai(\/.*)?$/,
    moduleType: T.openaiClient,
    jsDefault: 'OpenAI',
    exports: {
      OpenAI: { symbol: 'openai:OpenAI', returns: T.openaiClient },
      AsyncOpenAI: { symbol: 'openai:AsyncOpenAI', returns: T.openaiClient },
      AzureOpenAI: { returns: T.openaiClient },
      AsyncAzureOpenAI: { returns: T.openaiClient },
      'ChatCompletion.create': { symbol: 'openai:ChatCompletion.create', legacy: true },
      'ChatCompletion.acreate': { symbol: 'openai:ChatCompletion.create', legacy: true },
      'Completion.create': { symbol: 'openai:Completion.create', legacy: true },
      'Completion.acreate': { symbol: 'openai:Completion.create', legacy: true },
      'Embedding.create': { symbol: 'openai:Embedding.create', legacy: true },
      'Embedding.acreate': { symbol: 'openai:Embedding.create', legacy: true },
      OpenAIApi: { returns: T.openaiLegacyApi },
    },
  },
  {
    library: 'langgraph',
    python: /^langgraph$/,
    js: /^@langchain\/langgraph(\/.*)?$/,
    exports: {
      StateGraph: { symbol: 'langgraph:StateGraph', returns: T.stateGraph },
      create_react_agent: { symbol: 'langgraph:create_react_agent', returns: T.runnable },
    },
  },
  {
    library: 'langchain',
    python: /^langchain(_[a-z_]+)?$/,
    js: /^(@langchain\/[a-z-]+|langchain)(\/.*)?$/,
    exports: {
      ChatOpenAI: { symbol: 'langchain:ChatOpenAI', returns: T.chatModel },
      AzureChatOpenAI: { returns: T.chatModel },
      ChatAnthropic: { returns: T.chatModel },
      ChatOllama: { returns: T.chatModel },
      ChatGoogleGenerativeAI: { returns: T.chatModel },
      ChatMistralAI: { returns: T.chatModel },
      ChatGroq: { returns: T.chatModel },
      ChatHuggingFace: { returns: T.chatModel },
      OpenAI: { returns: T.chatModel },
      init_chat_model: { returns: T.chatModel },
      OpenAIEmbeddings: { symbol: 'langchain:OpenAIEmbeddings', returns: T.embeddings },
      HuggingFaceEmbeddings: { returns: T.embeddings },
      ...withStatics('langchain:RecursiveCharacterTextSplitter', T.splitter, ['from_tiktoken_encoder', 'from_language', 'from_huggingface_tokenizer']),
      ...withStatics('langchain:CharacterTextSplitter', T.splitter, ['from_tiktoken_encoder', 'from_huggingface_tokenizer']),
      ...withStatics('langchain:PromptTemplate', T.runnable, ['from_template', 'from_file']),
      ...withStatics('langchain:ChatPromptTemplate', T.runnable, ['from_messages', 'from_template']),
      ...withStatics('langchain:FAISS', T.vectorStore, [...VS_STATICS, 'load_local']),
      ...aliasOf('FaissStore', { symbol: 'langchain:FAISS', returns: T.vectorStore }),
      ...Object.fromEntries(['from_documents', 'from_texts', 'load'].map((s) => [`FaissStore.${s}`, { symbol: 'langchain:FAISS', returns: T.vectorStore }])),
      ...withStatics('langchain:Chroma', T.vectorStore, [...VS_STATICS, 'from_existing_collection']),
      ...withStatics('langchain:QdrantVectorStore', T.vectorStore, [...VS_STATICS, 'from_existing_collection', 'construct_instance']),
      ...withStatics('langchain:Qdrant', T.vectorStore, [...VS_STATICS, 'from_existing_collection'], { legacy: true }),
      MemoryVectorStore: { returns: T.vectorStore },
      'MemoryVectorStore.from_documents': { returns: T.vectorStore },
      'MemoryVectorStore.from_texts': { returns: T.vectorStore },
      InMemoryVectorStore: { returns: T.vectorStore },
      'InMemoryVectorStore.from_documents': { returns: T.vectorStore },
      'InMemoryVectorStore.from_texts': { returns: T.vectorStore },
      create_retrieval_chain: { symbol: 'langchain:create_retrieval_chain', returns: T.runnable },
      create_stuff_documents_chain: { symbol: 'langchain:create_stuff_documents_chain', returns: T.runnable },
      ...withStatics('langchain:RetrievalQA', T.runnable, ['from_chain_type', 'from_llm'], { legacy: true }),
      LLMChain: { symbol: 'langchain:LLMChain', returns: T.runnable, legacy: true },
      ConversationBufferMemory: { symbol: 'langchain:ConversationBufferMemory', legacy: true },
      BufferMemory: { symbol: 'langchain:ConversationBufferMemory', legacy: true },
      create_react_agent: { symbol: 'langchain:create_react_agent', returns: T.runnable },
      create_tool_calling_agent: { returns: T.runnable },
      create_openai_tools_agent: { returns: T.runnable },
      AgentExecutor: { symbol: 'langchain:AgentExecutor', returns: T.runnable },
      'AgentExecutor.from_agent_and_tools': { symbol: 'langchain:AgentExecutor', returns: T.runnable },
      tool: { symbol: 'langchain:tool', ref: true },
      StrOutputParser: { symbol: 'langchain:StrOutputParser', returns: T.runnable },
      StringOutputParser: { symbol: 'langchain:StrOutputParser', returns: T.runnable },
      JsonOutputParser: { returns: T.runnable },
      PydanticOutputParser: { returns: T.runnable },
      ...withStatics('langchain:RunnablePassthrough', T.runnable, ['assign']),
      RunnableLambda: { returns: T.runnable },
      RunnableParallel: { returns: T.runnable },
      RunnableMap: { returns: T.runnable },
      RunnableSequence: { symbol: 'langchain:RunnableSequence', returns: T.runnable },
      'RunnableSequence.from': { symbol: 'langchain:RunnableSequence', returns: T.runnable },
      PyPDFLoader: { symbol: 'langchain:PyPDFLoader', returns: T.loader },
      PDFLoader: { symbol: 'langchain:PyPDFLoader', returns: T.loader },
      'hub.pull': { returns: T.runnable },
      pull: { returns: T.runnable },
    },
  },
  {
    library: 'transformers',
    python: /^transformers$/,
    exports: {
      'AutoTokenizer.from_pretrained': { symbol: 'transformers:AutoTokenizer.from_pretrained', returns: T.hfTokenizer },
      'AutoModelForCausalLM.from_pretrained': { symbol: 'transformers:AutoModelForCausalLM.from_pretrained', returns: T.hfModel },
      'AutoModelForSequenceClassification.from_pretrained': {
        symbol: 'transformers:AutoModelForSequenceClassification.from_pretrained',
        returns: T.hfModel,
      },
      'AutoModel.from_pretrained': { symbol: 'transformers:AutoModel.from_pretrained', returns: T.hfModel },
      'AutoModelForSeq2SeqLM.from_pretrained': { returns: T.hfModel },
      'AutoModelForTokenClassification.from_pretrained': { returns: T.hfModel },
      'LlamaForCausalLM.from_pretrained': { returns: T.hfModel },
      'GPT2LMHeadModel.from_pretrained': { returns: T.hfModel },
      'AutoProcessor.from_pretrained': { returns: T.hfTokenizer },
      BitsAndBytesConfig: { symbol: 'transformers:BitsAndBytesConfig' },
      pipeline: { symbol: 'transformers:pipeline' },
      TrainingArguments: { symbol: 'transformers:TrainingArguments' },
      Seq2SeqTrainingArguments: { symbol: 'transformers:TrainingArguments' },
      Trainer: { symbol: 'transformers:Trainer', returns: T.hfTrainer },
      DataCollatorForLanguageModeling: { symbol: 'transformers:DataCollatorForLanguageModeling' },
    },
  },
  {
    library: 'trl',
    python: /^trl$/,
    exports: Object.fromEntries(
      ['SFTTrainer', 'SFTConfig', 'DPOTrainer', 'DPOConfig', 'PPOTrainer', 'PPOConfig', 'RewardTrainer', 'RewardConfig', 'GRPOTrainer', 'GRPOConfig'].map(
        (n) => [n, { symbol: `trl:${n}`, returns: n.endsWith('Trainer') ? T.hfTrainer : undefined }],
      ),
    ),
  },
  {
    library: 'sentence_transformers',
    python: /^sentence_transformers$/,
    exports: {
      SentenceTransformer: { symbol: 'sentence_transformers:SentenceTransformer', returns: T.stModel },
      CrossEncoder: { symbol: 'sentence_transformers:CrossEncoder', returns: T.crossEncoder },
      'util.cos_sim': { symbol: 'sentence_transformers:util.cos_sim' },
      'util.pytorch_cos_sim': { symbol: 'sentence_transformers:util.cos_sim' },
    },
  },
  {
    library: 'tiktoken',
    python: /^tiktoken$/,
    js: /^(tiktoken|js-tiktoken|@dqbd\/tiktoken)(\/.*)?$/,
    exports: {
      get_encoding: { symbol: 'tiktoken:get_encoding', returns: T.encoding },
      encoding_for_model: { symbol: 'tiktoken:encoding_for_model', returns: T.encoding },
    },
  },
  {
    library: 'ragas',
    python: /^ragas$/,
    exports: {
      evaluate: { symbol: 'ragas:evaluate' },
      'metrics.faithfulness': { symbol: 'ragas:metrics.faithfulness', ref: true },
      'metrics.answer_relevancy': { symbol: 'ragas:metrics.answer_relevancy', ref: true },
      'metrics.context_precision': { symbol: 'ragas:metrics.context_precision', ref: true },
      'metrics.context_recall': { symbol: 'ragas:metrics.context_recall', ref: true },
      'metrics.Faithfulness': { symbol: 'ragas:metrics.faithfulness' },
      'metrics.ResponseRelevancy': { symbol: 'ragas:metrics.answer_relevancy' },
      'metrics.AnswerRelevancy': { symbol: 'ragas:metrics.answer_relevancy' },
      'metrics.ContextPrecision': { symbol: 'ragas:metrics.context_precision' },
      'metrics.LLMContextPrecisionWithReference': { symbol: 'ragas:metrics.context_precision' },
      'metrics.ContextRecall': { symbol: 'ragas:metrics.context_recall' },
      'metrics.LLMContextRecall': { symbol: 'ragas:metrics.context_recall' },
    },
  },
  {
    library: 'qdrant_client',
    python: /^qdrant_client$/,
    js: /^@qdrant\/js-client-rest$/,
    exports: {
      QdrantClient: { symbol: 'qdrant_client:QdrantClient', returns: T.qdrant },
      AsyncQdrantClient: { symbol: 'qdrant_client:QdrantClient', returns: T.qdrant },
    },
  },
  {
    library: 'chromadb',
    python: /^chromadb$/,
    js: /^chromadb$/,
    exports: Object.fromEntries(
      ['PersistentClient', 'Client', 'EphemeralClient', 'HttpClient', 'ChromaClient'].map((n) => [
        n,
        { symbol: 'chromadb:PersistentClient', returns: T.chromaClient },
      ]),
    ),
  },
  {
    library: 'faiss',
    python: /^faiss$/,
    exports: {
      IndexFlatL2: { symbol: 'faiss:IndexFlatL2', returns: T.faissIndex },
      IndexFlatIP: { symbol: 'faiss:IndexFlatIP', returns: T.faissIndex },
      IndexHNSWFlat: { symbol: 'faiss:IndexHNSWFlat', returns: T.faissIndex },
      IndexIVFFlat: { symbol: 'faiss:IndexIVFFlat', returns: T.faissIndex },
      IndexIVFPQ: { returns: T.faissIndex },
      IndexPQ: { returns: T.faissIndex },
      read_index: { returns: T.faissIndex },
    },
  },
];

export function familyForPythonModule(topLevel: string): LibraryFamily | undefined {
  return FAMILIES.find((f) => f.python?.test(topLevel));
}

export function familyForJsModule(specifier: string): LibraryFamily | undefined {
  return FAMILIES.find((f) => f.js?.test(specifier));
}

/** camelCase → snake_case for JS member names (`asRetriever` → `as_retriever`); PascalCase is kept. */
export function snakeCase(name: string): string {
  if (!/^[a-z]/.test(name) || !/[A-Z]/.test(name)) return name;
  return name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

const MODULE_SEGMENT = /^[a-z_][a-z0-9_]*$/;

/** Finds the entity a dotted import path names, skipping leading module segments. */
export function lookupEntity(family: LibraryFamily, segs: string[]): EntityDef | undefined {
  for (let k = 1; k < segs.length; k++) {
    const def = family.exports[segs.slice(k).join('.')];
    if (def) return def;
    if (!MODULE_SEGMENT.test(segs[k])) break;
  }
  return undefined;
}

const memberCache = new Map<string, MemberDef | null>();

/** A member path of an instance type, following `extends`. */
export function lookupMember(type: string, path: string): MemberDef | undefined {
  const key = type + '#' + path;
  const cached = memberCache.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const found = findMember(type, path, 0);
  memberCache.set(key, found ?? null);
  return found;
}

function findMember(type: string, path: string, depth: number): MemberDef | undefined {
  const def = TYPES[type];
  if (!def || depth > 5) return undefined;
  const own = def.members[path];
  if (own) return own;
  for (const base of def.extends ?? []) {
    const m = findMember(base, path, depth + 1);
    if (m) return m;
  }
  return undefined;
}

export function isRunnableType(type: string): boolean {
  return TYPES[type]?.runnable === true;
}

/** Every symbol id the catalog can produce (tests compare it with the API card list). */
export function catalogSymbols(): string[] {
  const out = new Set<string>();
  for (const f of FAMILIES) for (const d of Object.values(f.exports)) if (d.symbol) out.add(d.symbol);
  for (const t of Object.values(TYPES)) for (const d of Object.values(t.members)) if (d.symbol) out.add(d.symbol);
  return [...out].sort();
}

export function libraryOf(symbol: string): string {
  const i = symbol.indexOf(':');
  return i < 0 ? symbol : symbol.slice(0, i);
}
