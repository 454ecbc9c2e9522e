// Test helpers for the search suite: a tiny static embedding model, a tiny BERT-signature ONNX
// model with a WordPiece tokenizer.json, and a small synthetic bank.
import { mkdirSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import type { Bank, Question } from '../../src/core/content/types';
import { encodeModel, float32Bytes, int64Bytes, TensorType, type NodeSpec } from '../../src/core/search/onnxProto';
import { buildStaticOnnx, quantizeRows } from '../../src/core/search/staticModel';
import { sha256 } from '../../src/core/search/embedders';
import { STOPWORDS, type StaticTokenizerSpec } from '../../src/core/search/tokenizer';

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Writes genai-lens-embed.onnx + tokenizer.json for a random model over `vocab`. */
export function writeTinyStaticModel(dir: string, vocab: string[], opts: { dims?: number; buckets?: number; seed?: number } = {}): StaticTokenizerSpec {
  const dims = opts.dims ?? 16;
  const buckets = opts.buckets ?? 64;
  const rows = vocab.length + buckets;
  const rand = seededRandom(opts.seed ?? 7);
  const table = new Float32Array(rows * dims).map(() => rand() - 0.5);
  const bytes = buildStaticOnnx(quantizeRows(table, rows, dims));
  const spec: StaticTokenizerSpec = {
    format: 'genai-lens-static-embedding',
    version: 1,
    dims,
    vocab,
    weights: vocab.map(() => 1),
    buckets,
    minN: 3,
    maxN: 5,
    hashSeed: 1,
    ngramShare: 0.3,
    oovWeight: 1.5,
    stopwords: [...STOPWORDS],
    modelSha256: sha256(bytes),
    modelBytes: bytes.length,
    modelCrc32: crc32(bytes),
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'genai-lens-embed.onnx'), bytes);
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(spec));
  return spec;
}

export const TINY_BERT_VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'hello', 'world', '##s', 'lo', '##ra', ',', 'rank', 'adapter'];

/**
 * A BERT-signature model: input_ids, attention_mask (and optionally token_type_ids) → last_hidden_state
 * = (word_emb[input_ids] + type_emb[token_type_ids]) · mask; optionally also `sentence_embedding`.
 */
export function writeTinyBertModel(
  dir: string,
  opts: { tokenTypes?: boolean; sentenceEmbedding?: boolean; dims?: number } = {},
): { wordEmb: Float32Array; typeEmb: Float32Array; dims: number } {
  const dims = opts.dims ?? 8;
  const V = TINY_BERT_VOCAB.length;
  const rand = seededRandom(11);
  const wordEmb = new Float32Array(V * dims).map(() => rand() - 0.5);
  const typeEmb = new Float32Array(2 * dims).map(() => (rand() - 0.5) * 0.1);
  const nodes: NodeSpec[] = [{ op: 'Gather', inputs: ['word_emb', 'input_ids'], outputs: ['we'], attrs: { axis: 0 } }];
  let hidden = 'we';
  if (opts.tokenTypes) {
    nodes.push({ op: 'Gather', inputs: ['type_emb', 'token_type_ids'], outputs: ['te'], attrs: { axis: 0 } });
    nodes.push({ op: 'Add', inputs: ['we', 'te'], outputs: ['h'] });
    hidden = 'h';
  }
  nodes.push(
    { op: 'Cast', inputs: ['attention_mask'], outputs: ['mask_f'], attrs: { to: TensorType.FLOAT } },
    { op: 'Unsqueeze', inputs: ['mask_f', 'axes2'], outputs: ['mask3'] },
    { op: 'Mul', inputs: [hidden, 'mask3'], outputs: ['last_hidden_state'] },
  );
  if (opts.sentenceEmbedding) nodes.push({ op: 'ReduceSum', inputs: ['last_hidden_state', 'axes1'], outputs: ['sentence_embedding'], attrs: { keepdims: 0 } });
  const i64 = (name: string) => ({ name, elemType: TensorType.INT64, shape: ['batch', 'seq'] as Array<string | number> });
  const bytes = encodeModel({
    producer: 'test',
    opset: 17,
    graphName: 'tiny_bert',
    nodes,
    initializers: [
      { name: 'word_emb', dims: [V, dims], dataType: TensorType.FLOAT, raw: float32Bytes(wordEmb) },
      ...(opts.tokenTypes ? [{ name: 'type_emb', dims: [2, dims], dataType: TensorType.FLOAT, raw: float32Bytes(typeEmb) }] : []),
      { name: 'axes2', dims: [1], dataType: TensorType.INT64, raw: int64Bytes([2]) },
      ...(opts.sentenceEmbedding ? [{ name: 'axes1', dims: [1], dataType: TensorType.INT64, raw: int64Bytes([1]) }] : []),
    ],
    inputs: [i64('input_ids'), i64('attention_mask'), ...(opts.tokenTypes ? [i64('token_type_ids')] : [])],
    outputs: [
      { name: 'last_hidden_state', elemType: TensorType.FLOAT, shape: ['batch', 'seq', dims] },
      ...(opts.sentenceEmbedding ? [{ name: 'sentence_embedding', elemType: TensorType.FLOAT, shape: ['batch', dims] }] : []),
    ],
  });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TINY_BERT_VOCAB.map((t, i) => [t, i])),
    },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.onnx'), bytes);
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  return { wordEmb, typeEmb, dims };
}

export function makeQuestion(id: string, over: Partial<Question> = {}): Question {
  return {
    id,
    title: over.title ?? id.replace(/-/g, ' '),
    topic: over.topic ?? 'foundations',
    difficulty: 'easy',
    tags: over.tags ?? [],
    aliases: over.aliases ?? [],
    apis: over.apis ?? [],
    related: [],
    sources: [],
    keyPoints: over.keyPoints ?? [],
    quiz: [],
    body: over.body ?? '',
    origin: 'builtin',
    ...over,
  };
}

export function makeBank(questions: Question[], apis: Bank['apis'] = []): Bank {
  return { version: 1, hash: sha256(JSON.stringify(questions) + JSON.stringify(apis)).slice(0, 16), topics: [], questions, apis, glossary: [] };
}
