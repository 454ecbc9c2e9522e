// Vector stores, retrievers, embedding models, tokenizers and RAG evaluation.
import { isExpr } from '../../code/literals';
import type { LiteralValue } from '../../code/types';
import { defineRules, formatValue, settingText, shortExpr } from '../ruleRegistry';

/** A number inside a literal dict: the value, or the source text when it is an expression. */
function dictNum(d: Record<string, LiteralValue> | undefined, ...keys: string[]): { value?: number; expr?: string } | undefined {
  const key = d ? keys.find((k) => k in d) : undefined;
  if (!d || key === undefined) return undefined;
  const v = d[key];
  return typeof v === 'number' ? { value: v } : { expr: shortExpr(formatValue(v)) };
}

defineRules('langchain:VectorStore.as_retriever', ({ args, interpreted, pitfalls, rangeOf }) => {
  const stFrom = args.setFrom('search_type', 'string');
  const st = args.str('search_type') ?? (stFrom ? undefined : 'similarity');
  const kw = args.obj('search_kwargs');
  // search_kwargs given as a variable (or with a **spread inside): k, fetch_k and score_threshold are unknown here.
  const kwFrom = args.has('search_kwargs') && !kw ? args.show('search_kwargs') : undefined;
  const kSet = dictNum(kw, 'k') ?? (args.given('k', 0) ? (args.num('k', 0) !== undefined ? { value: args.num('k', 0) } : { expr: args.setFrom('k', 'number', 0) }) : undefined);
  const unknownK = kSet?.expr ?? (kSet ? undefined : kwFrom ? `search_kwargs=${kwFrom}` : args.hasSplat ? args.splatText : undefined);
  const k = kSet?.value ?? (unknownK ? undefined : 4);
  const kText = k !== undefined ? String(k) : 'k';
  const fetch = dictNum(kw, 'fetch_k', 'fetchK');
  const fetchText = fetch?.value !== undefined ? String(fetch.value) : fetch || kwFrom ? 'fetch_k' : '20';
  const desc: Record<string, string> = {
    similarity: `returns the ${kText} most similar chunks`,
    mmr: `Maximal Marginal Relevance: fetches ${fetchText} candidates, then picks ${kText} that are relevant but not redundant`,
    similarity_score_threshold: `returns chunks above a similarity score threshold (at most ${kText})`,
  };
  const head = st !== undefined ? `search_type="${st}": ${desc[st] ?? 'custom search'}` : `search_type is set from ${stFrom}: "similarity" (top k), "mmr" (relevant but diverse) or "similarity_score_threshold"`;
  const notes: string[] = [];
  if (!kSet && !unknownK) notes.push('default k=4');
  if (unknownK) notes.push(kSet ? `k is set from ${unknownK}` : `k comes from ${unknownK}`);
  if (fetch?.expr) notes.push(`fetch_k is set from ${fetch.expr}`);
  interpreted.push(`${head}${notes.length ? ` (${notes.join('; ')})` : ''}.`);
  if (kw && typeof kw.lambda_mult === 'number') interpreted.push(`lambda_mult=${kw.lambda_mult}: 1 = pure relevance, 0 = maximum diversity.`);
  if (st === 'similarity_score_threshold' && !(kw && 'score_threshold' in kw) && !kwFrom && !args.hasSplat) pitfalls.push({ code: 'retriever.missing-threshold', severity: 'warning', message: 'search_type="similarity_score_threshold" needs search_kwargs={"score_threshold": ...}.', range: rangeOf('search_type') });
  if (kSet?.value !== undefined && kSet.value > 20) pitfalls.push({ code: 'retriever.k-large', severity: 'hint', message: `k=${kSet.value}: many chunks dilute the prompt and cost tokens; 3–8 is typical (re-rank if you need recall).`, range: rangeOf('search_kwargs') ?? rangeOf('k') });
});

defineRules('langchain:VectorStore.similarity_search', ({ call, args, interpreted }) => {
  const k = args.numSetting('k', 4, 1);
  const what = k.value !== undefined ? `the ${k.value} nearest chunks${k.isDefault ? ' (default k=4)' : ''}` : `the k nearest chunks (k is set from ${k.expr})`;
  interpreted.push(`Returns ${what}${call.callee.endsWith('with_score') || call.callee.endsWith('WithScore') ? ' with their distance/score (lower is closer for L2 stores)' : ''}.`);
});

defineRules(['langchain:FAISS', 'langchain:Chroma', 'langchain:QdrantVectorStore', 'langchain:Qdrant'], ({ call, args, interpreted, pitfalls, rangeOf }) => {
  const how = call.callee.split('.').pop() ?? '';
  if (/from_documents|from_texts|fromDocuments|fromTexts/.test(how)) interpreted.push('Embeds every chunk now (one embeddings call per batch) and builds the index.');
  if (call.symbol === 'langchain:FAISS') {
    if (/load_local/.test(how)) {
      if (args.bool('allow_dangerous_deserialization')) pitfalls.push({ code: 'faiss.dangerous-deserialization', severity: 'warning', message: 'allow_dangerous_deserialization=True unpickles the index file: only load files you created yourself.', range: rangeOf('allow_dangerous_deserialization') });
      else interpreted.push('Recent versions refuse to load a pickled index unless allow_dangerous_deserialization=True.');
    } else interpreted.push('In-memory exact (flat) index; save_local/load_local persist it.');
  }
  if (call.symbol === 'langchain:Chroma') {
    const pd = args.str('persist_directory');
    interpreted.push(pd ? `persist_directory="${pd}": the collection is stored on disk.` : 'No persist_directory: the collection lives in memory and is lost on exit.');
  }
  if (call.symbol === 'langchain:QdrantVectorStore' || call.symbol === 'langchain:Qdrant') {
    const loc = args.str('location') ?? args.str('url') ?? args.str('path');
    if (loc) interpreted.push(loc === ':memory:' ? 'location=":memory:": a throwaway in-process Qdrant.' : `Qdrant at ${loc}.`);
    const cn = args.str('collection_name');
    if (cn) interpreted.push(`collection_name="${cn}".`);
  }
});

defineRules('sentence_transformers:SentenceTransformer', ({ args, interpreted }) => {
  const name = args.str('model_name_or_path', 0);
  const known: Record<string, string> = {
    'all-MiniLM-L6-v2': '384-dim vectors, fast, inputs truncated at 256 word pieces',
    'all-mpnet-base-v2': '768-dim vectors, better quality, slower',
    'BAAI/bge-small-en-v1.5': '384-dim; add the query instruction for retrieval queries',
  };
  if (name) interpreted.push(`"${name}"${known[name] ? `: ${known[name]}` : ''}.`);
  const dev = args.str('device');
  if (dev) interpreted.push(`device="${dev}".`);
});

defineRules('sentence_transformers:SentenceTransformer.encode', ({ args, interpreted }) => {
  if (args.bool('normalize_embeddings')) interpreted.push('normalize_embeddings=True: unit-length vectors, so a dot product equals cosine similarity.');
  interpreted.push(`${settingText(args.numSetting('batch_size', 32))}: sentences encoded per forward pass.`);
  if (args.bool('convert_to_tensor')) interpreted.push('convert_to_tensor=True: returns a torch tensor (on the model’s device) instead of numpy.');
});

defineRules('sentence_transformers:CrossEncoder', ({ interpreted }) => {
  interpreted.push('Reads query and document together, so it is far more accurate than comparing embeddings — but one forward pass per pair: use it to re-rank a short list.');
});

defineRules('sentence_transformers:CrossEncoder.predict', ({ args, interpreted }) => {
  const pairs = args.list('sentences', 0);
  interpreted.push(`Scores ${pairs ? `${pairs.length} ` : ''}(query, document) pairs; higher = more relevant (logits unless the model applies an activation).`);
});

defineRules('sentence_transformers:util.cos_sim', ({ interpreted }) => {
  interpreted.push('Returns an n×m matrix of cosine similarities in [-1, 1].');
});

const ENCODINGS: Record<string, string> = {
  cl100k_base: 'GPT-4 / GPT-3.5-turbo / text-embedding-3 encoding',
  o200k_base: 'GPT-4o / o-series encoding (200k vocabulary)',
  p50k_base: 'older Codex / text-davinci encoding',
  r50k_base: 'GPT-3 encoding',
};

defineRules(['tiktoken:get_encoding', 'tiktoken:encoding_for_model'], ({ call, args, interpreted }) => {
  const v = args.str(call.symbol === 'tiktoken:get_encoding' ? 'encoding_name' : 'model_name', 0);
  if (v) interpreted.push(call.symbol === 'tiktoken:get_encoding' ? `"${v}"${ENCODINGS[v] ? `: the ${ENCODINGS[v]}` : ''}.` : `Picks the encoding used by "${v}".`);
  interpreted.push('English averages ~4 characters (¾ of a word) per token; code and other languages use more tokens.');
});

defineRules(['tiktoken:Encoding.encode', 'tiktoken:Encoding.decode'], ({ call, interpreted }) => {
  interpreted.push(call.symbol.endsWith('encode') ? 'len(enc.encode(text)) is the token count the API bills (chat messages add a few tokens of framing each).' : 'Decoding a slice of tokens can split a multi-byte character; decode whole sequences.');
});

defineRules('ragas:evaluate', ({ args, interpreted }) => {
  const metrics = args.list('metrics');
  if (metrics) interpreted.push(`metrics: ${metrics.map((m: LiteralValue) => (isExpr(m) ? m.text : String(m))).join(', ')} — each is judged by an LLM, so results vary run to run and cost tokens.`);
  if (!args.has('llm')) interpreted.push('No llm=: ragas uses its default judge model (an OpenAI model, needs OPENAI_API_KEY).');
});

defineRules(['ragas:metrics.faithfulness', 'ragas:metrics.answer_relevancy', 'ragas:metrics.context_precision', 'ragas:metrics.context_recall'], ({ call, interpreted }) => {
  const t: Record<string, string> = {
    'ragas:metrics.faithfulness': 'needs question, answer and contexts; low scores flag hallucination.',
    'ragas:metrics.answer_relevancy': 'needs question and answer; penalises incomplete or off-topic answers.',
    'ragas:metrics.context_precision': 'needs a reference answer; rewards ranking useful chunks first.',
    'ragas:metrics.context_recall': 'needs a reference answer; low recall means the retriever missed information.',
  };
  interpreted.push(t[call.symbol]);
});

defineRules('qdrant_client:QdrantClient', ({ args, interpreted }) => {
  const loc = args.str('location', 0) ?? args.str('url') ?? args.str('path');
  if (loc === ':memory:') interpreted.push('":memory:": an in-process Qdrant for tests; data is lost on exit.');
  else if (args.has('path')) interpreted.push(`path=${args.show('path')}: local on-disk mode without a server.`);
  else if (loc) interpreted.push(`Connects to ${loc}.`);
});

defineRules('qdrant_client:QdrantClient.create_collection', ({ args, interpreted }) => {
  const vc = args.value('vectors_config');
  const text = isExpr(vc) ? vc.text : JSON.stringify(vc ?? '');
  const size = /size\s*=\s*(\d+)/.exec(text)?.[1];
  const dist = /Distance\.(\w+)/.exec(text)?.[1];
  if (size) interpreted.push(`size=${size}: must equal your embedding model’s dimension.`);
  if (dist) interpreted.push(`distance=${dist}${dist === 'COSINE' ? ': vectors are normalised on insert' : ''}.`);
});

defineRules('qdrant_client:QdrantClient.upsert', ({ interpreted }) => {
  interpreted.push('Points with an existing id are overwritten; batch large uploads.');
});

defineRules('qdrant_client:QdrantClient.query_points', ({ call, args, interpreted }) => {
  const limit = args.numSetting('limit', 10);
  interpreted.push(`Returns the ${limit.value ?? 'limit'} nearest points${limit.isDefault ? ' (default limit)' : limit.expr ? ` (limit is set from ${limit.expr})` : ''}${args.has('query_filter') ? ', restricted by the payload filter' : ''}.`);
  if (call.callee.endsWith('.search')) interpreted.push('client.search is the older API; query_points replaces it.');
});

defineRules('chromadb:PersistentClient', ({ call, args, interpreted }) => {
  if (/PersistentClient/.test(call.callee)) interpreted.push(`Data persisted under ${args.show('path') ?? '"./chroma"'}.`);
  else if (/\bClient$|EphemeralClient/.test(call.callee)) interpreted.push('In-memory client: data is lost when the process exits (use PersistentClient(path=...) to keep it).');
});

defineRules('chromadb:Client.get_or_create_collection', ({ args, interpreted }) => {
  const md = args.obj('metadata');
  const space = md?.['hnsw:space'];
  if (typeof space === 'string') interpreted.push(`hnsw:space="${space}": ${space === 'cosine' ? 'cosine distance' : space === 'ip' ? 'inner product' : 'squared L2 distance'}.`);
  else if (md && 'hnsw:space' in md) interpreted.push(`hnsw:space is set from ${formatValue(md['hnsw:space'])}: "l2" (the default), "cosine" or "ip".`);
  else if ((args.has('metadata') && !md) || args.has('configuration') || args.hasSplat) interpreted.push(`The distance comes from ${args.has('metadata') ? `metadata=${args.show('metadata')}` : args.has('configuration') ? 'configuration=' : args.splatText} ("hnsw:space"); without it Chroma uses squared L2.`);
  else interpreted.push('Default distance is squared L2; set metadata={"hnsw:space": "cosine"} for cosine.');
  if (!args.has('embedding_function')) interpreted.push('No embedding_function: Chroma’s default (all-MiniLM-L6-v2) embeds documents and query_texts.');
});

defineRules('chromadb:Collection.add', ({ args, interpreted }) => {
  const ids = args.list('ids');
  if (ids) interpreted.push(`Adds ${ids.length} item${ids.length === 1 ? '' : 's'}; ids must be unique strings (use upsert to overwrite).`);
  if (!args.has('embeddings')) interpreted.push('No embeddings: the collection’s embedding function computes them from documents.');
});

defineRules('chromadb:Collection.query', ({ args, interpreted }) => {
  const n = args.numSetting('n_results', 10);
  interpreted.push(`Returns the ${n.value ?? 'n_results'} nearest results per query${n.isDefault ? ' (default)' : n.expr ? ` (n_results is set from ${n.expr})` : ''}${args.has('where') ? ', filtered by metadata (where=)' : ''}.`);
});

defineRules(['faiss:IndexFlatL2', 'faiss:IndexFlatIP', 'faiss:IndexHNSWFlat', 'faiss:IndexIVFFlat'], ({ call, args, interpreted }) => {
  const d = args.num('d', call.symbol === 'faiss:IndexIVFFlat' ? 1 : 0);
  if (d !== undefined) interpreted.push(`d=${d}: vector dimension; must match the embeddings you add.`);
  if (call.symbol === 'faiss:IndexFlatIP') interpreted.push('Call faiss.normalize_L2 on vectors (and queries) first if you want cosine similarity.');
  if (call.symbol === 'faiss:IndexHNSWFlat') {
    const m = args.num('M', 1);
    if (m !== undefined) interpreted.push(`M=${m}: graph neighbours per node (16–64 typical); higher = better recall, more memory.`);
  }
  if (call.symbol === 'faiss:IndexIVFFlat') {
    const nlist = args.num('nlist', 2);
    if (nlist !== undefined) interpreted.push(`nlist=${nlist}: k-means buckets; index.train(xb) is required before add, and index.nprobe (default 1) sets how many buckets a query searches.`);
  }
});

defineRules('faiss:Index.search', ({ args, interpreted }) => {
  const k = args.num('k', 1);
  interpreted.push(`Returns (D, I): distances and ids of the ${k ?? 'k'} nearest vectors per query row; ids are -1 when fewer exist.`);
});
