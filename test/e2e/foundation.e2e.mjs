// What a user sees right after installing: the extension activates on a Python file, the
// GenAI Lens activity-bar container and its Topics tree are there, and a palette command runs.
import assert from 'node:assert/strict';

export const tests = {
  async 'activates on a Python file and shows the Topics tree'(wb) {
    await wb.openFile('lora_finetune.py');
    await wb.openView('GenAI Lens');
    const title = wb.page.locator('.part.sidebar .composite.title', { hasText: /Topics/i }).first();
    await title.waitFor({ state: 'visible', timeout: 20_000 });
    const firstTopic = wb.page.locator('.part.sidebar .monaco-list-row', { hasText: 'Foundations' }).first();
    await firstTopic.waitFor({ state: 'visible', timeout: 20_000 });
    const rows = await wb.page.locator('.part.sidebar .monaco-list-row').allInnerTexts();
    assert.ok(rows.length >= 12, `expected the 14 topics, saw ${rows.length}: ${rows.join(' | ')}`);
    await wb.screenshot('foundation-topics');
  },

  async 'Show Log command opens the GenAI Lens output channel with the activation time'(wb) {
    await wb.runCommand('GenAI Lens: Show Log');
    const output = wb.page.locator('.part.panel .monaco-editor .view-lines');
    await output.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.page.waitForFunction(() => /activated\sin\s[\d.]+\sms/.test(document.querySelector('.part.panel .monaco-editor .view-lines')?.textContent ?? ''), null, { timeout: 15_000 });
    const text = await output.innerText();
    const ms = Number(/activated\sin\s([\d.]+)\sms/.exec(text)[1]);
    assert.ok(ms < 1000, `activation took ${ms} ms`);
    await wb.screenshot('foundation-log');
  },
};

tests['Search Question Bank finds a question from an informal query, by meaning'] = async (wb) => {
  const input = await wb.openQuickPick('GenAI Lens: Search Question Bank', 'Search the GenAI Lens question bank');
  await input.fill('why does my gan keep making the same face');
  const state = await wb.waitForQuickInput((s) => /mode collapse/i.test(s.rows[0] ?? ''), 'mode collapse first');
  assert.match(state.rows[0], /mode collapse/i);
  await wb.screenshot('search');
  await input.press('Enter');
  const frame = await wb.webviewFrame('#quiz-me');
  assert.match(await frame.locator('h1').innerText(), /mode collapse/i);
};

tests['Search Question Bank reads a misspelt query as the words meant and says so'] = async (wb) => {
  const input = await wb.openQuickPick('GenAI Lens: Search Question Bank', 'Search the GenAI Lens question bank');
  await input.fill('retreival augmented genration');
  const state = await wb.waitForQuickInput(
    (s) => /read “retreival” as “retrieval”, “genration” as “generation”/.test(s.title),
    'the spelling note in its title',
  );
  assert.match(state.rows[0], /retrieval-augmented generation/i);
  await wb.screenshot('search-misspelt');
  // A correctly spelt query puts the plain title back.
  await input.fill('retrieval augmented generation');
  const plain = await wb.waitForQuickInput((s) => s.value === 'retrieval augmented generation' && s.title === 'Search the GenAI Lens question bank', 'the plain title again');
  assert.match(plain.rows[0], /retrieval-augmented generation/i);
  await input.press('Escape');
};
