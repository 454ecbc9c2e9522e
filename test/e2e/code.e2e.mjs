// The feature users meet first, in a real VS Code: hovering a call in their own training script
// explains the concept with their own values; CodeLenses above OpenAI calls; "quiz me" runs.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A script whose LoRA rank comes from a constant: the hover must not explain PEFT's default rank.
export async function prepare({ workspace }) {
  writeFileSync(
    join(workspace, 'lora_from_constants.py'),
    'from peft import LoraConfig\n\nLORA_RANK = 16\nconfig = LoraConfig(r=LORA_RANK, lora_alpha=32, target_modules=["q_proj", "v_proj"])\n',
  );
}

export const tests = {
  async 'hovering LoraConfig interprets r and lora_alpha'(wb) {
    await wb.openFile('lora_finetune.py');
    // line 27: `lora_config = LoraConfig(` — the cursor on the callee
    const text = await wb.hoverAt(27, 20, { contains: 'α/r', timeout: 40_000 });
    assert.match(text, /r\s*=\s*16/);
    assert.match(text, /lora_alpha\s*=\s*32/);
    assert.match(text, /α\/r = 32\/16 = 2\b/);
    assert.match(text, /target_modules: adapts the attention q\/v projections/);
    assert.match(text, /Quiz me/i);
    await wb.screenshot('hover-loraconfig');
  },

  async 'a rank set from a variable is explained as such, not as the default'(wb) {
    await wb.openFile('lora_from_constants.py');
    const text = await wb.hoverAt(4, 14, { contains: 'α/r', timeout: 40_000 });
    assert.match(text, /r is set from LORA_RANK/);
    assert.match(text, /α\/r = 32\/LORA_RANK/);
    assert.doesNotMatch(text, /r not set|rank 8/);
  },

  async 'CodeLenses above the OpenAI calls'(wb) {
    await wb.page.mouse.move(5, 5);
    await wb.openFile('openai_chat.py');
    const titles = await wb.waitForCodeLens('quiz me');
    assert.ok(titles.some((t) => /explain/.test(t)), `an explain lens: ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => /quiz me \(\d+\)/.test(t)), `a quiz me lens with a count: ${JSON.stringify(titles)}`);
    await wb.screenshot('codelens-openai');
  },

  async 'clicking "quiz me" opens a quiz on that call'(wb) {
    // Lenses re-render when related questions arrive; a click on a replaced element is lost, so retry.
    let frame;
    for (let attempt = 0; attempt < 3 && !frame; attempt++) {
      await wb.page.locator('.monaco-editor .codelens-decoration a', { hasText: 'quiz me' }).first().click();
      frame = await wb.webviewFrame('#prompt', 10_000).catch(() => undefined);
    }
    assert.ok(frame, 'the quiz panel opened');
    assert.ok((await frame.locator('#prompt').innerText()).length > 5);
    await wb.screenshot('codelens-quiz');
  },
};
