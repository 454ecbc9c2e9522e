// Keyboard-slip misspellings for the robustness check of `npm run eval:search -- --typos`:
// learners type "atention" and "finetunning"; how much of the ranking survives that?
import { pick } from './train/rng';

// Neighbouring keys on a QWERTY keyboard (a substitution slip hits one of these).
const NEIGHBOURS: Record<string, string> = {
  q: 'wa', w: 'qes', e: 'wrd', r: 'etf', t: 'ryg', y: 'tuh', u: 'yij', i: 'uok', o: 'ipl', p: 'o',
  a: 'qsz', s: 'awdx', d: 'sefc', f: 'drgv', g: 'fthb', h: 'gyjn', j: 'hukm', k: 'jil', l: 'ko',
  z: 'asx', x: 'zsdc', c: 'xdfv', v: 'cfgb', b: 'vghn', n: 'bhjm', m: 'njk',
};

/** One slip inside a word (never its first letter): swap, drop, double or a neighbouring key. */
export function misspell(word: string, rand: () => number): string {
  if (word.length < 3) return word;
  const i = 1 + Math.floor(rand() * (word.length - 1));
  const c = word[i];
  switch (Math.floor(rand() * 4)) {
    case 0:
      return i + 1 < word.length ? word.slice(0, i) + word[i + 1] + c + word.slice(i + 2) : word.slice(0, i);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + c + word.slice(i);
    default: {
      const near = NEIGHBOURS[c.toLowerCase()];
      return near ? word.slice(0, i) + pick([...near], rand) + word.slice(i + 1) : word.slice(0, i) + word.slice(i + 1);
    }
  }
}

/** The text with one word of ≥ `minLength` letters misspelled (the text itself when it has none). */
export function misspellOneWord(text: string, rand: () => number, minLength = 5): string {
  const parts = text.split(/(\s+)/);
  const candidates = parts.map((p, i) => (p.length >= minLength && /^[a-z]+$/i.test(p) ? i : -1)).filter((i) => i >= 0);
  if (!candidates.length) return text;
  const i = pick(candidates, rand);
  parts[i] = misspell(parts[i], rand);
  return parts.join('');
}
