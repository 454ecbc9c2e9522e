// A WordPiece tokenizer reading Hugging Face `tokenizers` JSON (BERT family: all-MiniLM-L6-v2,
// bge-small-en-v1.5, ...): BERT normalisation, whitespace/punctuation pre-tokenisation, greedy
// longest-match-first sub-words, [CLS] ... [SEP].

export interface HfTokenizerJson {
  truncation?: { max_length?: number } | null;
  normalizer?: { type?: string; lowercase?: boolean; strip_accents?: boolean | null; clean_text?: boolean; handle_chinese_chars?: boolean } | null;
  post_processor?: {
    type?: string;
    cls?: [string, number];
    sep?: [string, number];
    special_tokens?: Record<string, { ids: number[] }>;
  } | null;
  model: {
    type: string;
    vocab: Record<string, number>;
    unk_token?: string;
    continuing_subword_prefix?: string;
    max_input_chars_per_word?: number;
  };
}

export interface Encoding {
  ids: number[];
}

const isPunct = (ch: string) => /[\p{P}\p{S}]/u.test(ch) || /[!-/:-@[-`{-~]/.test(ch);
const isCjk = (cp: number) =>
  (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x20000 && cp <= 0x2a6df) ||
  (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0x2f800 && cp <= 0x2fa1f);

export class WordPieceTokenizer {
  private readonly vocab: Map<string, number>;
  private readonly unkId: number;
  private readonly prefix: string;
  private readonly maxChars: number;
  private readonly lowercase: boolean;
  private readonly stripAccents: boolean;
  readonly clsId: number;
  readonly sepId: number;
  readonly maxLength: number;

  constructor(json: HfTokenizerJson, maxLength = 256) {
    if (json.model?.type !== 'WordPiece') throw new Error(`unsupported tokenizer model "${json.model?.type}" (WordPiece expected)`);
    this.vocab = new Map(Object.entries(json.model.vocab));
    const unk = json.model.unk_token ?? '[UNK]';
    this.unkId = this.vocab.get(unk) ?? 0;
    this.prefix = json.model.continuing_subword_prefix ?? '##';
    this.maxChars = json.model.max_input_chars_per_word ?? 100;
    this.lowercase = json.normalizer?.lowercase ?? true;
    this.stripAccents = json.normalizer?.strip_accents ?? this.lowercase;
    const pp = json.post_processor;
    const special = (name: string, fromPair?: [string, number]) =>
      fromPair?.[1] ?? pp?.special_tokens?.[name]?.ids?.[0] ?? this.vocab.get(name) ?? this.unkId;
    this.clsId = special('[CLS]', pp?.cls);
    this.sepId = special('[SEP]', pp?.sep);
    this.maxLength = Math.min(json.truncation?.max_length ?? 512, maxLength);
  }

  normalize(text: string): string {
    let t = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0 || cp === 0xfffd || (/\p{Cc}/u.test(ch) && !/\s/.test(ch))) continue;
      t += /\s/.test(ch) ? ' ' : isCjk(cp) ? ` ${ch} ` : ch;
    }
    if (this.lowercase) t = t.toLowerCase();
    if (this.stripAccents) t = t.normalize('NFD').replace(/\p{Mn}/gu, '');
    return t;
  }

  preTokenize(text: string): string[] {
    const out: string[] = [];
    for (const chunk of text.split(/\s+/)) {
      let cur = '';
      for (const ch of chunk) {
        if (isPunct(ch)) {
          if (cur) out.push(cur);
          out.push(ch);
          cur = '';
        } else cur += ch;
      }
      if (cur) out.push(cur);
    }
    return out;
  }

  wordPiece(word: string): number[] {
    const chars = [...word];
    if (chars.length > this.maxChars) return [this.unkId];
    const ids: number[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: number | undefined;
      while (start < end) {
        const sub = (start > 0 ? this.prefix : '') + chars.slice(start, end).join('');
        found = this.vocab.get(sub);
        if (found !== undefined) break;
        end--;
      }
      if (found === undefined) return [this.unkId];
      ids.push(found);
      start = end;
    }
    return ids;
  }

  /** [CLS] tokens [SEP], truncated to maxLength. */
  encode(text: string): Encoding {
    const ids: number[] = [this.clsId];
    for (const w of this.preTokenize(this.normalize(text))) {
      for (const id of this.wordPiece(w)) {
        if (ids.length >= this.maxLength - 1) break;
        ids.push(id);
      }
    }
    ids.push(this.sepId);
    return { ids };
  }
}
