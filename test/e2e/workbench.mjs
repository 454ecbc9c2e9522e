// A thin page-object over the VS Code workbench served by code-server, used by the e2e tests.
import { join } from 'node:path';

export class Workbench {
  constructor(page, server, outDir) {
    this.page = page;
    this.server = server;
    this.outDir = outDir;
  }

  async open() {
    await this.page.goto(this.server.url);
    await this.page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
    await this.page.waitForSelector('.explorer-folders-view, .monaco-list', { timeout: 60_000 });
    // Let the extension host start before the tests talk to it.
    await this.page.waitForTimeout(1500);
  }

  async screenshot(name) {
    const file = join(this.outDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  async runCommand(title) {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await this.page.waitForTimeout(200);
    await input.press('Enter');
  }

  /** What the quick-input widget shows now: for waits, and for failure messages that say what was on screen. */
  async quickInputState() {
    return this.page.evaluate(() => {
      const w = document.querySelector('.quick-input-widget');
      const visible = !!w && getComputedStyle(w).display !== 'none' && w.getBoundingClientRect().height > 0;
      const title = (w?.querySelector('.quick-input-title')?.textContent ?? '').replace(/\u00a0/g, ' ').trim();
      const value = w?.querySelector('.quick-input-box input')?.value ?? '';
      const rows = [...(w?.querySelectorAll('.quick-input-list .monaco-list-row') ?? [])].slice(0, 3).map((r) => (r.textContent ?? '').slice(0, 80));
      return { visible, title, value, rows, active: document.activeElement?.tagName.toLowerCase() + (document.activeElement?.className ? `.${String(document.activeElement.className).split(' ')[0]}` : '') };
    });
  }

  /**
   * Polls the quick-input widget until `test(state)` holds; on timeout the error's first line says
   * what the widget showed, since CI keeps only that line.
   */
  async waitForQuickInput(test, what, timeout = 20_000) {
    const end = Date.now() + timeout;
    let state;
    for (;;) {
      state = await this.quickInputState();
      if (test(state)) return state;
      if (Date.now() > end) break;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`quick input never showed ${what} in ${timeout / 1000} s; it showed ${JSON.stringify(state)}`);
  }

  /**
   * Runs a command that shows a QuickPick of our own and waits until that QuickPick (known by its
   * title) is on screen: the command palette uses the same input element, so text typed before the
   * swap lands in the palette and is lost, and a hidden widget keeps its last title. If the QuickPick
   * closes before anything is typed (a view that was still opening took the focus), the command is
   * run once more and the log says so.
   */
  async openQuickPick(command, title) {
    const shown = (s) => s.visible && s.title.startsWith(title);
    let settled;
    for (let attempt = 1; attempt <= 2; attempt++) {
      if (attempt > 1) console.log(`    (the QuickPick “${title}” closed before typing, focus on ${settled.active}; running ${command} again)`);
      await this.runCommand(command);
      await this.waitForQuickInput(shown, `the QuickPick “${title}”`, 15_000);
      await this.page.waitForTimeout(150);
      settled = await this.quickInputState();
      if (shown(settled)) return this.page.locator('.quick-input-widget .quick-input-box input');
    }
    throw new Error(`the QuickPick “${title}” closed twice before typing; focus was on ${settled.active}`);
  }

  /** Opens a workspace file through Quick Open and waits for its editor tab. */
  async openFile(name) {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(name);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await input.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
    await this.page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 15_000 });
  }

  /** Moves the mouse onto the first occurrence of `token` in the visible editor and waits for a hover. */
  async hoverToken(token, { contains, timeout = 20_000 } = {}) {
    const end = Date.now() + timeout;
    let lastText = '';
    while (Date.now() < end) {
      const span = this.page.locator('.monaco-editor .view-line span span', { hasText: token }).first();
      await span.waitFor({ state: 'visible', timeout: 10_000 });
      const box = await span.boundingBox();
      await this.page.mouse.move(box.x + 2, box.y + box.height / 2);
      await this.page.mouse.move(box.x + Math.min(8, box.width / 2), box.y + box.height / 2);
      const hover = this.page.locator('.monaco-hover-content').last();
      try {
        await hover.waitFor({ state: 'visible', timeout: 3000 });
        lastText = await hover.innerText();
        if (!contains || lastText.includes(contains)) return lastText;
      } catch {
        /* the language features may still be starting: move away and retry */
      }
      await this.page.mouse.move(5, 5);
      await this.page.waitForTimeout(500);
    }
    throw new Error(`no hover containing ${JSON.stringify(contains)} on ${token}; last hover: ${lastText.slice(0, 300)}`);
  }

  /** Puts the cursor at line:column (1-based) and shows the hover there by keyboard (Ctrl+K Ctrl+I). */
  async hoverAt(line, column, { contains, timeout = 30_000 } = {}) {
    const end = Date.now() + timeout;
    let lastText = '';
    while (Date.now() < end) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+G');
      await this.page.keyboard.type(`${line}:${column}`);
      await this.page.keyboard.press('Enter');
      await this.page.keyboard.press('Control+K');
      await this.page.keyboard.press('Control+I');
      const hover = this.page.locator('.monaco-hover-content').last();
      try {
        await hover.waitFor({ state: 'visible', timeout: 3000 });
        await this.page.waitForTimeout(300);
        lastText = await hover.innerText();
        if (!contains || lastText.includes(contains)) return lastText;
      } catch {
        /* providers may still be starting */
      }
      await this.page.waitForTimeout(700);
    }
    throw new Error(`no hover containing ${JSON.stringify(contains)} at ${line}:${column}; last hover: ${lastText.slice(0, 300)}`);
  }

  /** Texts of the CodeLenses currently rendered in the editor. */
  async codeLensTitles() {
    return this.page.locator('.monaco-editor .codelens-decoration').allInnerTexts();
  }

  async waitForCodeLens(contains, timeout = 30_000) {
    const end = Date.now() + timeout;
    let titles = [];
    while (Date.now() < end) {
      titles = await this.codeLensTitles();
      if (titles.some((t) => t.includes(contains))) return titles;
      await this.page.waitForTimeout(300);
    }
    throw new Error(`no CodeLens containing ${JSON.stringify(contains)}; saw ${JSON.stringify(titles)}`);
  }

  async notificationText(contains, timeout = 15_000) {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: contains }).first();
    await toast.waitFor({ state: 'visible', timeout });
    return toast.innerText();
  }

  /** Finds the webview frame whose document has `selector` (webviews nest two iframes deep). */
  async webviewFrame(selector, timeout = 30_000) {
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      for (const frame of this.page.frames()) {
        try {
          if (await frame.locator(selector).count()) return frame;
        } catch {
          /* frame navigating */
        }
      }
      await this.page.waitForTimeout(250);
    }
    throw new Error(`no webview frame with ${selector}`);
  }

  async openView(title) {
    const item = this.page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
    await item.waitFor({ state: 'visible', timeout: 20_000 });
    await item.click();
  }

  async statusBarText(contains, timeout = 20_000) {
    const item = this.page.locator('.statusbar-item', { hasText: contains }).first();
    await item.waitFor({ state: 'visible', timeout });
    return item.innerText();
  }
}
