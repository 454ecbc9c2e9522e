// Typed access to contributes.configuration; mirrors package.json (a unit test compares keys).
import * as vscode from 'vscode';
import { CONFIG_KEYS, DEFAULTS, type LensConfig } from './configSchema';

export type { LensConfig } from './configSchema';

export function readConfig(): LensConfig {
  const c = vscode.workspace.getConfiguration('genaiLens');
  const out = { ...DEFAULTS };
  for (const [k, key] of Object.entries(CONFIG_KEYS) as [keyof LensConfig, string][]) {
    const v = c.get(key);
    if (typeof v === typeof DEFAULTS[k]) (out as Record<string, unknown>)[k] = v;
  }
  out.desiredRetention = Math.min(0.99, Math.max(0.7, out.desiredRetention));
  return out;
}

/** Fires with the new config whenever a genaiLens.* setting changes. */
export function onConfigChange(listener: (c: LensConfig, e: vscode.ConfigurationChangeEvent) => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('genaiLens')) listener(readConfig(), e);
  });
}
