// The webview side of the protocol: typed postMessage/getState/setState around acquireVsCodeApi.
import type { FromWebview, ToWebview } from '../protocol';

interface VsCodeApi<S> {
  postMessage(msg: FromWebview): void;
  getState(): S | undefined;
  setState(state: S): void;
}
declare function acquireVsCodeApi<S>(): VsCodeApi<S>;

export function connect<S>(onMessage: (msg: ToWebview) => void): VsCodeApi<S> {
  const api = acquireVsCodeApi<S>();
  window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
    if (e.data && typeof e.data === 'object' && typeof (e.data as { type?: unknown }).type === 'string') onMessage(e.data);
  });
  return api;
}

/** Wires clicks on rendered `q:`/`api:` links to protocol messages. */
export function wireContentLinks(root: HTMLElement, post: (m: FromWebview) => void): void {
  root.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a');
    if (!a) return;
    const q = a.getAttribute('data-question');
    const api = a.getAttribute('data-api');
    if (q) {
      e.preventDefault();
      post({ type: 'openQuestion', id: q });
    } else if (api) {
      e.preventDefault();
      post({ type: 'openApi', symbol: api });
    }
  });
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') e.className = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

/** Sets sanitised HTML produced by renderMarkdown (the only place innerHTML is assigned). */
export function setRendered(target: HTMLElement, sanitisedHtml: string): HTMLElement {
  target.innerHTML = sanitisedHtml;
  return target;
}

let pendingFocus: HTMLElement | undefined;
let focusListener = false;

/**
 * Moves keyboard focus to `target` (a new view's heading, a new card's first input) only while this
 * webview has the focus. A webview renders when its data arrives, which can be after the user has
 * moved on; focusing then would pull the focus out of the command palette or the editor and close
 * a QuickPick the user is typing in. Otherwise the target takes the focus when the webview next
 * gets it, unless the user has focused something inside by then.
 */
export function focusIfActive(target: HTMLElement | null | undefined): void {
  if (!target) return;
  if (document.hasFocus()) {
    pendingFocus = undefined;
    target.focus();
    return;
  }
  pendingFocus = target;
  if (focusListener) return;
  focusListener = true;
  window.addEventListener('focus', () => {
    const t = pendingFocus;
    pendingFocus = undefined;
    const inside = document.activeElement && document.activeElement !== document.body;
    if (t?.isConnected && !inside) t.focus();
  });
}
