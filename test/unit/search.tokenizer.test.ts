import { describe, expect, it } from 'vitest';
import { charNgrams, contentWords, fnv1a, inflectionBases, isTransposition, KNOWN_FORM_MAX_PER_TEXT, splitIdentifier, stem, StaticTokenizer, STOPWORDS, words } from '../../src/core/search/tokenizer';

const spec = {
  format: 'genai-lens-static-embedding' as const,
  version: 1,
  dims: 4,
  vocab: ['lora', 'alpha', 'gan'],
  weights: [2, 1, 3],
  buckets: 32,
  minN: 3,
  maxN: 5,
  hashSeed: 1,
  ngramShare: 0.25,
  oovWeight: 1.5,
  stopwords: [...STOPWORDS],
};

describe('tokenizer', () => {
  it('splits identifiers in snake_case, camelCase and acronyms', () => {
    expect(splitIdentifier('lora_alpha')).toEqual(['lora', 'alpha']);
    expect(splitIdentifier('getPeftModel')).toEqual(['get', 'peft', 'model']);
    expect(splitIdentifier('HTTPServer2')).toEqual(['http', 'server2']);
    expect(words('Set lora_alpha=32')).toEqual(['set', 'lora', 'alpha', 'lora_alpha', '32']);
    expect(words('getPeftModel(model)')).toEqual(['get', 'peft', 'model', 'getpeftmodel', 'model']);
  });

  it('drops stopwords and lowercases', () => {
    expect(contentWords('What is the KV cache and why does it help?')).toEqual(['kv', 'cache', 'help']);
  });

  it('hashes stably (FNV-1a) and builds boundary n-grams', () => {
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    expect(charNgrams('gan', 3, 5)).toEqual(['<ga', 'gan', 'an>', '<gan', 'gan>', '<gan>']);
  });

  it('turns text into weighted rows: vocabulary words plus n-gram buckets, OOV words as n-grams only', () => {
    const tok = new StaticTokenizer(spec);
    const f = tok.features('lora');
    expect(f.ids[0]).toBe(0);
    expect(f.weights[0]).toBeCloseTo(2 * 0.75);
    const total = Array.from(f.weights).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(2);
    for (const id of f.ids.slice(1)) expect(id).toBeGreaterThanOrEqual(3);
    const oov = tok.features('lorra');
    expect(Array.from(oov.ids).every((id) => id >= 3 && id < 35)).toBe(true);
    expect(Array.from(oov.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1.5);
    expect(tok.features('the and of').ids.length).toBe(0);
    // Folded model: a known word is its own row at its full weight; unknown words still use n-grams.
    const folded = new StaticTokenizer({ ...spec, folded: true });
    expect(Array.from(folded.features('lora').ids)).toEqual([0]);
    expect(folded.features('lora').weights[0]).toBeCloseTo(2);
    expect(Array.from(folded.features('lorra').ids)).toEqual(Array.from(oov.ids));
    // Deterministic: same text, same features.
    expect(Array.from(tok.features('lora_alpha gan').ids)).toEqual(Array.from(tok.features('lora_alpha gan').ids));
  });

  it('stems conservatively', () => {
    expect(stem('embeddings')).toBe('embedding');
    expect(stem('queries')).toBe('query');
    expect(stem('training')).toBe('train');
    expect(stem('loss')).toBe('loss');
    expect(stem('bias')).toBe('bias');
    expect(stem('gpt4')).toBe('gpt4');
  });

  describe('query words the model does not know (knownForm)', () => {
    // Pooling weights stand for rarity: among equally close words the commoner (lower) one wins.
    const vocab = ['retrieval', 'generation', 'talk', 'praise', 'curate', 'attention', 'retention', 'sampling', 'sampler', 'optimizer', 'model', 'decoding', 'encoding'];
    const tok = new StaticTokenizer({ ...spec, vocab, weights: vocab.map((w) => (w === 'sampling' ? 1 : 2)), folded: true });
    const form = (w: string) => {
      const id = tok.knownForm(w);
      return id === undefined ? undefined : vocab[id];
    };

    it('maps an inflected form to its known base', () => {
      expect(inflectionBases('talked')).toContain('talk');
      expect(form('talked')).toBe('talk');
      expect(form('praises')).toBe('praise');
      expect(form('curating')).toBe('curate');
    });

    it('maps a misspelling one edit or one swap away, keeping the first letter', () => {
      expect(isTransposition('retreival', 'retrieval')).toBe(true);
      expect(isTransposition('retrieval', 'retrieval')).toBe(false);
      expect(isTransposition('abcd', 'badc')).toBe(false);
      expect(form('retreival')).toBe('retrieval'); // swap (two Levenshtein edits, one slip)
      expect(form('genration')).toBe('generation'); // dropped letter
      expect(form('atention')).toBe('attention'); // not "retention": the first letter is kept
      expect(form('optimzer')).toBe('optimizer');
      expect(form('modell')).toBe('model');
      // Two edits only from nine letters on: "dceodign" (8) is left to its n-grams.
      expect(form('optimmizr')).toBe('optimizer');
      expect(form('dceodign')).toBeUndefined();
    });

    it('prefers an inflection base, then the closest word, then the commoner one', () => {
      expect(form('samplers')).toBe('sampler'); // an inflection base beats a spelling neighbour
      expect(form('samplerr')).toBe('sampler'); // one edit from "sampler", two from "sampling"
      // "moded" is one edit from both "model" and "modes": the lower pooling weight (commoner) wins.
      const tie = (modesWeight: number) => {
        const v = ['model', 'modes'];
        const t = new StaticTokenizer({ ...spec, vocab: v, weights: [2, modesWeight], folded: true });
        return v[t.knownForm('moded')!];
      };
      expect(tie(3)).toBe('model');
      expect(tie(1)).toBe('modes');
    });

    it('leaves known words, stopwords, short words, identifiers with digits and unknown words alone', () => {
      for (const w of ['model', 'because', 'modl', 'gpt4o', 'zebra', 'xattention']) expect(form(w)).toBeUndefined();
    });

    it('lists the spelling fixes it made, not the inflections', () => {
      expect(tok.spellingFixes('Retreival of what we talked about, retreival and genration')).toEqual([
        { from: 'retreival', to: 'retrieval' },
        { from: 'genration', to: 'generation' },
      ]);
      expect(tok.spellingFixes('retrieval augmented generation')).toEqual([]);
    });

    it('looks up at most KNOWN_FORM_MAX_PER_TEXT unknown words of a text (a pasted page stays fast)', () => {
      const filler = Array.from({ length: KNOWN_FORM_MAX_PER_TEXT }, (_, i) => `zzfiller${String.fromCharCode(97 + (i % 26))}${i}`).join(' ');
      expect(tok.spellingFixes(`retreival ${filler}`)).toEqual([{ from: 'retreival', to: 'retrieval' }]);
      expect(tok.spellingFixes(`${filler} retreival`)).toEqual([]);
      const late = tok.features(`${filler} retreival`, true);
      expect(Array.from(late.ids)).not.toContain(vocab.indexOf('retrieval'));
    });

    it('applies to queries only: a bank text keeps the unknown word as n-grams', () => {
      const doc = tok.features('retreival augmented genration');
      const query = tok.features('retreival augmented genration', true);
      const clean = tok.features('retrieval augmented generation');
      expect(Array.from(doc.ids).some((id) => id >= vocab.length)).toBe(true);
      expect(Array.from(query.ids)).toEqual(Array.from(clean.ids));
      expect(Array.from(query.weights)).toEqual(Array.from(clean.weights));
    });
  });
});
