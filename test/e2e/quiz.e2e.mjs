// The learner's loop in a real VS Code: a due review shows in the status bar, the quiz runs from the
// palette by keyboard, explanations appear, the rating is saved, and a window reload restores the
// panel with the review counted.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const bank = JSON.parse(readFileSync(join(import.meta.dirname, '../../dist/content.json'), 'utf8'));
const question = bank.questions.find((q) => q.id === 'lora-low-rank-adaptation') ?? bank.questions[0];
const item = question.quiz.find((i) => i.type === 'mcq');
const correctIndex = item.options.findIndex((o) => o.correct);

export async function prepare({ globalStorage }) {
  // One review a month ago makes this item due now.
  mkdirSync(globalStorage, { recursive: true });
  const at = new Date(Date.now() - 30 * 86_400_000).toISOString();
  writeFileSync(
    join(globalStorage, 'progress.json'),
    JSON.stringify({ schemaVersion: 2, createdAt: at, updatedAt: at, cards: {}, reviews: [{ id: 'seed-1', itemId: item.id, rating: 3, at }] }),
  );
}

export const tests = {
  async 'status bar shows the due review'(wb) {
    await wb.openFile('lora_finetune.py');
    const text = await wb.statusBarText('GenAI:');
    assert.match(text, /GenAI: 1 due/);
  },

  async 'a due review runs from the palette by keyboard and shows every explanation'(wb) {
    await wb.runCommand('GenAI Lens: Start Quiz');
    const pick = wb.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Due reviews' }).first();
    await pick.waitFor({ timeout: 15_000 });
    await wb.page.keyboard.press('Enter');
    const frame = await wb.webviewFrame('.option');
    const prompt = await frame.locator('#prompt').innerText();
    assert.ok(prompt.length > 10, 'the prompt is shown');
    await frame.locator('.option').first().focus();
    await wb.page.keyboard.press(String.fromCharCode(97 + correctIndex));
    await wb.page.keyboard.press('Enter');
    await frame.locator('#verdict').waitFor({ timeout: 15_000 });
    assert.equal(await frame.locator('#verdict').innerText(), 'Correct');
    const explanations = await frame.locator('.feedback .explain').allInnerTexts();
    assert.equal(explanations.length, 4, 'one explanation per option');
    for (const [i, o] of item.options.entries()) assert.ok(explanations[i].includes(o.explanation.slice(0, 20)), `explanation ${i} shown`);
    await wb.screenshot('quiz-explanation');
    await wb.page.keyboard.press('3');
    await frame.locator('#summary-title').waitFor({ timeout: 15_000 });
    await wb.screenshot('quiz-summary');
  },

  async 'the review is saved and the due count drops'(wb) {
    await wb.page.waitForFunction(() => [...document.querySelectorAll('.statusbar-item')].some((e) => /GenAI: 0 due/.test(e.textContent ?? '')), null, { timeout: 15_000 });
    const deadline = Date.now() + 10_000;
    let reviews = [];
    while (Date.now() < deadline) {
      reviews = JSON.parse(readFileSync(join(wb.server.globalStorage, 'progress.json'), 'utf8')).reviews;
      if (reviews.length === 2) break;
      await wb.page.waitForTimeout(300);
    }
    assert.equal(reviews.length, 2, 'the new review is in the progress file');
    assert.equal(reviews[1].rating, 3);
  },

  async 'a window reload restores the quiz panel'(wb) {
    await wb.runCommand('Developer: Reload Window');
    await wb.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    const frame = await wb.webviewFrame('#summary-title', 45_000);
    assert.match(await frame.locator('#summary-title').innerText(), /Session complete/);
    await wb.statusBarText('GenAI: 0 due');
    await wb.screenshot('quiz-restored');
  },

  async 'the progress view shows the review'(wb) {
    await wb.runCommand('GenAI Lens: Show Progress');
    const frame = await wb.webviewFrame('.stats');
    const stats = await frame.locator('.stats').innerText();
    assert.match(stats, /2\s*reviews in total/);
    await wb.screenshot('progress');
  },

  async 'a question view opens from the Topics tree'(wb) {
    await wb.openView('GenAI Lens');
    const topic = wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'Fine-tuning' }).first();
    await topic.click();
    const q = wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'How does LoRA fine-tune' }).first();
    await q.waitFor({ timeout: 15_000 });
    await q.click();
    const frame = await wb.webviewFrame('#quiz-me');
    const h1 = await frame.locator('h1').innerText();
    assert.match(h1, /LoRA/);
    assert.ok(await frame.locator('.katex').count() > 0, 'formulas are rendered by KaTeX');
    await wb.screenshot('question-view');
  },
};
