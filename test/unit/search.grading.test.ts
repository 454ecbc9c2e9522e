import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStaticEmbedder, type Embedder } from '../../src/core/search/embedders';
import { gradeFreeText, splitSentences } from '../../src/core/search/grading';

const MODELS = join(__dirname, '..', '..', 'models');
const keyPoints = [
  'The pretrained weights stay frozen and only a low-rank update BA is trained.',
  'Trainable parameters drop from d·k to r·(d+k).',
  'After training the update is merged into W, so inference costs the same as the base model.',
];
const modelAnswer = 'LoRA freezes W and learns a low-rank update BA with far fewer parameters; merging BA into W afterwards adds no inference latency.';

describe('free-text grading', () => {
  it('splits sentences', () => {
    expect(splitSentences('One. Two? Three\nFour')).toEqual(['One.', 'Two?', 'Three', 'Four']);
  });

  for (const mode of ['semantic', 'keywords'] as const) {
    it(`orders ratings sensibly (${mode})`, async () => {
      const embedder: Embedder | undefined = mode === 'semantic' ? await loadStaticEmbedder(MODELS, { runtime: 'ts' }) : undefined;
      const full = await gradeFreeText(
        embedder,
        'The base weights are frozen and we only train a low-rank update B times A. That cuts trainable parameters from d·k to r(d+k). ' +
          'Afterwards the update is merged into W, so inference costs exactly the same as the base model.',
        keyPoints,
        modelAnswer,
      );
      const partial = await gradeFreeText(embedder, 'We freeze the pretrained weights and train a small low-rank update.', keyPoints, modelAnswer);
      const wrong = await gradeFreeText(embedder, 'Diffusion models add Gaussian noise to images and learn to remove it step by step.', keyPoints, modelAnswer);
      const empty = await gradeFreeText(embedder, '', keyPoints, modelAnswer);
      expect(full.rating).toBeGreaterThanOrEqual(3);
      expect(full.keyPoints.every((k) => k.status !== 'missing')).toBe(true);
      expect(partial.rating).toBeGreaterThanOrEqual(2);
      expect(partial.rating).toBeLessThan(full.rating + 1);
      expect(partial.score).toBeLessThan(full.score);
      expect(wrong.rating).toBe(1);
      expect(empty.rating).toBe(1);
      expect(empty.reasons[0]).toMatch(/No answer/);
      expect(wrong.reasons.some((r) => r.startsWith('Missing:'))).toBe(true);
      expect(full.semantic).toBe(mode === 'semantic');
      expect(full.label).toBe(({ 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' } as const)[full.rating]);
    });
  }

  it('reads a misspelt answer as the words meant (semantic similarity unchanged)', async () => {
    const embedder = await loadStaticEmbedder(MODELS, { runtime: 'ts' });
    const clean = await gradeFreeText(embedder, 'The base weights are frozen and we only train a low-rank update.', keyPoints, modelAnswer);
    const typed = await gradeFreeText(embedder, 'The base wieghts are frozen and we only train a low-rank updte.', keyPoints, modelAnswer);
    expect(typed.semantic).toBe(true);
    typed.keyPoints.forEach((k, i) => expect(k.similarity).toBeCloseTo(clean.keyPoints[i].similarity!, 5));
  });
});
