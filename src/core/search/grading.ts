// Free-text grading: each key point is compared with the learner's answer by embedding similarity
// (best matching sentence) and by keyword coverage; the blend suggests an FSRS rating that the
// learner confirms. Works with keywords only when no embedder is available.
import { embedQueries, type Embedder } from './embedders';
import { cosine } from './dense';
import { contentWords, stem } from './tokenizer';

export type Rating = 1 | 2 | 3 | 4;
export const RATING_LABEL: Record<Rating, 'Again' | 'Hard' | 'Good' | 'Easy'> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' };

export interface KeyPointGrade {
  keyPoint: string;
  /** Cosine between the key point and the closest answer sentence (undefined without a model). */
  similarity?: number;
  /** Share of the key point's keywords found in the answer. */
  coverage: number;
  /** Blended score in [0, 1]. */
  score: number;
  status: 'covered' | 'partial' | 'missing';
  matchedKeywords: string[];
  missingKeywords: string[];
}

export interface FreeTextGrade {
  rating: Rating;
  label: 'Again' | 'Hard' | 'Good' | 'Easy';
  /** Overall score in [0, 1]. */
  score: number;
  keyPoints: KeyPointGrade[];
  modelAnswerSimilarity?: number;
  reasons: string[];
  /** Whether embeddings took part (false: keyword coverage only). */
  semantic: boolean;
}

// Cosine calibration of the static model: unrelated sentences sit near SIM_LOW, paraphrases above SIM_HIGH.
export const SIM_LOW = 0.25;
export const SIM_HIGH = 0.75;
const COVERED = 0.5;
const PARTIAL = 0.3;

function keywords(text: string): string[] {
  return [...new Set(contentWords(text).filter((w) => w.length >= 3 || /\d/.test(w)).map(stem))];
}

function editDistanceAtMost1(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0, j = 0, edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

function has(answer: Set<string>, kw: string): boolean {
  if (answer.has(kw)) return true;
  if (kw.length < 5) return false;
  for (const w of answer) if (w.length >= 5 && editDistanceAtMost1(w, kw)) return true;
  return false;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const simScore = (s: number) => clamp01((s - SIM_LOW) / (SIM_HIGH - SIM_LOW));

export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?;])\s+|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export async function gradeFreeText(
  embedder: Embedder | undefined,
  answer: string,
  keyPoints: string[],
  modelAnswer = '',
): Promise<FreeTextGrade> {
  const answerKw = new Set(keywords(answer));
  const sentences = splitSentences(answer);
  const semantic = embedder !== undefined && answerKw.size > 0;
  let sentVecs: Float32Array[] = [];
  let kpVecs: Float32Array[] = [];
  let modelSim: number | undefined;
  if (semantic) {
    // The learner's words may be misspelt (the query path); the bank's are not.
    sentVecs = await embedQueries(embedder, [answer, ...sentences]);
    const refs = await embedder.embed([...keyPoints, modelAnswer]);
    kpVecs = refs.slice(0, keyPoints.length);
    if (modelAnswer.trim()) modelSim = cosine(sentVecs[0], refs[refs.length - 1]);
  }
  const grades: KeyPointGrade[] = keyPoints.map((kp, i) => {
    const kws = keywords(kp);
    const matched = kws.filter((k) => has(answerKw, k));
    const coverage = kws.length ? matched.length / kws.length : 0;
    let similarity: number | undefined;
    if (semantic) similarity = Math.max(...sentVecs.map((v) => cosine(v, kpVecs[i])));
    const score = similarity === undefined ? coverage : 0.55 * simScore(similarity) + 0.45 * coverage;
    return {
      keyPoint: kp,
      similarity,
      coverage,
      score,
      status: score >= COVERED ? 'covered' : score >= PARTIAL ? 'partial' : 'missing',
      matchedKeywords: matched,
      missingKeywords: kws.filter((k) => !matched.includes(k)),
    };
  });
  const kpMean = grades.length ? grades.reduce((s, g) => s + g.score, 0) / grades.length : 0;
  let score = modelSim === undefined ? kpMean : 0.8 * kpMean + 0.2 * simScore(modelSim);
  if (answerKw.size < 3) score = Math.min(score, 0.2);
  const rating: Rating = score >= 0.8 ? 4 : score >= 0.55 ? 3 : score >= 0.3 ? 2 : 1;
  const covered = grades.filter((g) => g.status === 'covered');
  const reasons: string[] = [];
  if (!answer.trim()) reasons.push('No answer given.');
  else if (answerKw.size < 3) reasons.push('The answer is too short to show the key points.');
  reasons.push(`Covers ${covered.length} of ${grades.length} key points.`);
  for (const g of grades) {
    if (g.status === 'missing') reasons.push(`Missing: ${g.keyPoint}`);
    else if (g.status === 'partial') reasons.push(`Partly covered: ${g.keyPoint}${g.missingKeywords.length ? ` (not mentioned: ${g.missingKeywords.slice(0, 4).join(', ')})` : ''}`);
  }
  if (modelSim !== undefined) reasons.push(`Similarity to the model answer: ${Math.round(simScore(modelSim) * 100)} %.`);
  if (!semantic && embedder === undefined) reasons.push('Graded by keywords only (the semantic model is unavailable).');
  return { rating, label: RATING_LABEL[rating], score, keyPoints: grades, modelAnswerSimilarity: modelSim, reasons, semantic };
}
