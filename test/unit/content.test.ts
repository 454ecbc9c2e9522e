import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadBankFromDir, compileQuestion, crossCheck, glossaryTermKey, makeBank } from '../../src/core/content/loadBank';
import { COMMANDS } from '../../src/vscode/commandIds';
import { CONFIG_KEYS } from '../../src/vscode/configSchema';
import { TOPIC_IDS } from '../../src/core/content/types';

const root = join(__dirname, '../..');
const { bank, problems } = loadBankFromDir(join(root, 'content'));

describe('the built-in bank', () => {
  it('validates without errors', () => {
    expect(problems.filter((p) => p.severity === 'error').map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
  });

  it('covers every topic with at least 8 questions and an overview, 150+ questions in all', () => {
    expect(bank.questions.length).toBeGreaterThanOrEqual(150);
    expect(bank.topics.map((t) => t.id).sort()).toEqual([...TOPIC_IDS].sort());
    for (const t of TOPIC_IDS) expect(bank.questions.filter((q) => q.topic === t).length, t).toBeGreaterThanOrEqual(8);
  });

  it('keeps difficulties near 30/45/25', () => {
    const share = (d: string) => bank.questions.filter((q) => q.difficulty === d).length / bank.questions.length;
    expect(share('easy')).toBeGreaterThan(0.22);
    expect(share('easy')).toBeLessThan(0.38);
    expect(share('medium')).toBeGreaterThan(0.37);
    expect(share('hard')).toBeGreaterThan(0.17);
  });

  it('has a glossary of 120+ terms and 80+ API cards linked to real questions', () => {
    expect(bank.glossary.length).toBeGreaterThanOrEqual(120);
    expect(bank.apis.length).toBeGreaterThanOrEqual(80);
    const ids = new Set(bank.questions.map((q) => q.id));
    for (const a of bank.apis) for (const q of a.questions) expect(ids.has(q), `${a.symbol} → ${q}`).toBe(true);
  });

  it('gives every question an explained 4-option multiple-choice item and distinct quiz item ids', () => {
    const itemIds = new Set<string>();
    for (const q of bank.questions) {
      const mcq = q.quiz.find((i) => i.type === 'mcq');
      expect(mcq, q.id).toBeDefined();
      if (mcq?.type === 'mcq') {
        expect(mcq.options).toHaveLength(4);
        expect(mcq.options.every((o) => o.explanation.length > 10)).toBe(true);
      }
      for (const i of q.quiz) {
        expect(itemIds.has(i.id)).toBe(false);
        itemIds.add(i.id);
      }
      expect(q.aliases.length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('the validator', () => {
  const good = readFileSync(join(root, 'content/questions/fine-tuning/lora-low-rank-adaptation.md'), 'utf8');
  const file = '/x/fine-tuning/lora-low-rank-adaptation.md';

  it('accepts a real question', () => {
    expect(compileQuestion(good, file, { strict: true }).problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('names the line of a quiz item with two correct options', () => {
    const lines = good.split('\n');
    const idx = lines.findIndex((l) => /correct:\s*false/.test(l));
    lines[idx] = lines[idx].replace(/correct:\s*false/, 'correct: true');
    const r = compileQuestion(lines.join('\n'), file, { strict: true });
    expect(r.question).toBeUndefined();
    const p = r.problems.find((x) => /exactly 1 correct/.test(x.message));
    expect(p).toBeDefined();
    expect(p!.line).toBeGreaterThan(1);
    expect(p!.line).toBeLessThanOrEqual(idx + 1);
  });

  it('reports broken YAML, a missing field and bad KaTeX with their lines', () => {
    expect(compileQuestion('no front matter', file, { strict: true }).problems[0].message).toMatch(/front matter/);
    const noTitle = good.replace(/^title:.*$/m, '');
    expect(compileQuestion(noTitle, file, { strict: true }).problems.some((p) => /^title:/.test(p.message))).toBe(true);
    const badYaml = good.replace(/^tags: .*$/m, 'tags: [unclosed');
    const yamlErr = compileQuestion(badYaml, file, { strict: true }).problems[0];
    expect(yamlErr.message).toMatch(/^YAML/);
    const badTex = good.replace(/\n## Follow-ups/, '\nA broken formula $\\frac{1}{$ here.\n\n## Follow-ups');
    const texErr = compileQuestion(badTex, file, { strict: true }).problems.find((p) => /KaTeX/.test(p.message));
    expect(texErr).toBeDefined();
    expect(badTex.split('\n')[texErr!.line - 1]).toContain('broken formula');
  });

  it('reports a glossary term entered twice under another dash, case or qualifier', () => {
    expect(glossaryTermKey('Bradley-Terry model')).toBe(glossaryTermKey('Bradley\u2013Terry Model'));
    expect(glossaryTermKey('Faithfulness (RAG)')).toBe(glossaryTermKey('faithfulness'));
    expect(glossaryTermKey('ELBO (evidence lower bound)')).not.toBe(glossaryTermKey('Evidence lower bound'));
    const qid = bank.questions[0].id;
    const entry = (term: string) => ({ term, definition: 'd', related: [qid] });
    const at = (_kind: string, id: string) => ({ file: 'glossary.yaml', line: id.length });
    const twice = makeBank(bank.topics, bank.questions, bank.apis, [entry('Top-p'), entry('Perplexity'), entry('top\u2011p (nucleus)')]);
    expect(crossCheck(twice, at).map((p) => p.message)).toEqual(['glossary "top\u2011p (nucleus)" repeats "Top-p": merge the two entries']);
    const once = makeBank(bank.topics, bank.questions, bank.apis, [entry('Top-p'), entry('Top-k')]);
    expect(crossCheck(once, at)).toEqual([]);
  });
});

describe('manifest and code agree', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  it('contributes exactly the command ids of the command table', () => {
    const contributed = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    expect(contributed).toEqual(Object.values(COMMANDS).sort());
  });
  it('declares every typed setting', () => {
    const declared = Object.keys(pkg.contributes.configuration.properties).sort();
    expect(declared).toEqual(Object.values(CONFIG_KEYS).map((k) => `genaiLens.${k}`).sort());
  });
  it('activates lazily, never on *', () => {
    expect(pkg.activationEvents).not.toContain('*');
    expect(pkg.activationEvents).toContain('onLanguage:python');
    expect(pkg.engines.vscode).toBe('^1.100.0');
  });
});
