// A team's own questions in .genai-lens/questions/: a valid one joins the bank (tree + search), a
// malformed one is skipped with a Problems entry at the exact line, and nothing else breaks.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const valid = `---
id: our-rag-stack
title: "Which retriever does our team's RAG service use, and why?"
topic: rag
difficulty: easy
tags: [team, rag]
aliases: [our retriever, team rag stack, which vector db do we use]
related: [hybrid-search-rrf]
keyPoints: ["Hybrid BM25 + dense", "Reranked by a cross-encoder", "Chunks of 400 tokens"]
quiz:
  - type: mcq
    prompt: "What reranks our retrieved chunks?"
    options:
      - { text: "A cross-encoder", correct: true, explanation: "We rerank the top 50 with a cross-encoder." }
      - { text: "Nothing", correct: false, explanation: "We do rerank." }
      - { text: "BM25", correct: false, explanation: "BM25 is a first-stage retriever here." }
      - { text: "The LLM", correct: false, explanation: "Too slow and costly for us." }
  - type: truefalse
    prompt: "We use dense retrieval only."
    answer: false
    explanation: "We fuse BM25 and dense scores."
---
Our service retrieves with hybrid search and reranks with a cross-encoder.

## Follow-ups
- *Why hybrid?* Exact product names matter.
`;

const broken = valid.replace('id: our-rag-stack', 'id: broken-one').replace('correct: false, explanation: "We do rerank."', 'correct: true, explanation: "We do rerank."');

export async function prepare({ workspace }) {
  const dir = join(workspace, '.genai-lens', 'questions');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'our-rag-stack.md'), valid);
  writeFileSync(join(dir, 'broken-one.md'), broken);
}

export const tests = {
  async 'a valid team question appears in the Topics tree'(wb) {
    await wb.openFile('lora_finetune.py');
    await wb.openView('GenAI Lens');
    await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'Retrieval-augmented' }).first().click();
    await wb.page.locator('.part.sidebar .monaco-list-row', { hasText: "Which retriever does our team" }).first().waitFor({ timeout: 20_000 });
  },

  async 'a malformed one is reported in the Problems panel at its line and skipped'(wb) {
    await wb.runCommand('View: Focus Problems');
    const row = wb.page.locator('.markers-panel .monaco-list-row', { hasText: 'exactly 1 correct' }).first();
    await row.waitFor({ timeout: 20_000 });
    const text = await wb.page.locator('.markers-panel').innerText();
    assert.match(text, /broken-one\.md/);
    assert.match(text, /\[Ln 1[3-9]/, 'the problem points at the quiz item, not line 1');
    await wb.screenshot('user-questions-problems');
    const rows = await wb.page.locator('.part.sidebar .monaco-list-row').allInnerTexts();
    assert.ok(!rows.some((r) => r.includes('broken-one')), 'the broken question is not loaded');
  },
};
