// What explaining a detected call produces: a short text for hovers and the pitfalls that apply to
// this call (diagnostics and quick fixes are built from these).
import type { Range } from '../code/types';

export type PitfallSeverity = 'error' | 'warning' | 'info' | 'hint';

export interface PitfallFix {
  description: string;
  edit: { range: Range; newText: string };
}

export interface Pitfall {
  /** Stable id, e.g. `openai.no-max-tokens`. */
  code: string;
  message: string;
  severity: PitfallSeverity;
  /** Where to show it; defaults to the callee. */
  range?: Range;
  fix?: PitfallFix;
}

export interface Explanation {
  symbol: string;
  title: string;
  /** Short concept name for CodeLens titles, e.g. "LoRA". */
  concept: string;
  summary: string;
  /** The user's own argument values, interpreted. */
  interpreted: string[];
  pitfalls: Pitfall[];
  legacy?: { note: string; replacement: string };
}
