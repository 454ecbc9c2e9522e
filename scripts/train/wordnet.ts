// Reads Debian's wordnet-base data files (/usr/share/wordnet/data.*): synonym sets and glosses, a
// general-English corpus that helps informal queries ("keeps repeating itself", "makes stuff up").
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Synset {
  pos: string;
  lemmas: string[];
  gloss: string;
}

export const WORDNET_DIR = '/usr/share/wordnet';

export function readWordNet(dir = WORDNET_DIR): Synset[] {
  const out: Synset[] = [];
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    const file = join(dir, `data.${pos}`);
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line || line.startsWith('  ')) continue;
      const bar = line.indexOf(' | ');
      if (bar < 0) continue;
      const head = line.slice(0, bar).split(' ');
      const count = parseInt(head[3], 16);
      const lemmas: string[] = [];
      for (let i = 0; i < count; i++) {
        const w = head[4 + 2 * i];
        if (w) lemmas.push(w.replace(/\(.*\)$/, '').replace(/_/g, ' ').toLowerCase());
      }
      out.push({ pos, lemmas, gloss: line.slice(bar + 3).trim() });
    }
  }
  return out;
}
