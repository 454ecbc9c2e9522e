// @vitest-environment jsdom
// Webviews render when their data arrives, which can be after the user has moved to the command
// palette or the editor: a render must not pull the focus back into the webview.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { focusIfActive } from '../../src/webview/common/vscodeApi';

function heading(): HTMLElement {
  const h = document.createElement('h1');
  h.tabIndex = -1;
  document.body.replaceChildren(h);
  return h;
}

describe('focusIfActive', () => {
  afterEach(() => vi.restoreAllMocks());

  it('focuses at once while the webview has the focus', () => {
    vi.spyOn(document, 'hasFocus').mockReturnValue(true);
    const h = heading();
    focusIfActive(h);
    expect(document.activeElement).toBe(h);
  });

  it('waits for the webview to get the focus instead of taking it', () => {
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    const h = heading();
    focusIfActive(h);
    expect(document.activeElement).toBe(document.body);
    hasFocus.mockReturnValue(true);
    window.dispatchEvent(new Event('focus'));
    expect(document.activeElement).toBe(h);
  });

  it('leaves alone what the user focused meanwhile, and targets a re-render replaced', () => {
    const hasFocus = vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    const old = heading();
    focusIfActive(old);
    const fresh = heading();
    focusIfActive(fresh);
    expect(old.isConnected).toBe(false);
    const button = document.createElement('button');
    document.body.append(button);
    button.focus();
    hasFocus.mockReturnValue(true);
    window.dispatchEvent(new Event('focus'));
    expect(document.activeElement).toBe(button);

    // Nothing pending any more: a later focus event moves nothing.
    button.blur();
    window.dispatchEvent(new Event('focus'));
    expect(document.activeElement).toBe(document.body);
  });
});
