// Turns a detected call and its argument values into an explanation: what the call does (from its
// API card when there is one), what the user's own values mean, and which pitfalls apply here.
import type { ApiCard } from '../content/types';
import type { DetectedCall } from '../code/types';
import { makeContext, RULES } from './ruleRegistry';
import type { Explanation } from './types';
import { FALLBACK_INFO } from './symbolInfo';
import './rules/peftRules';
import './rules/transformersRules';
import './rules/openaiRules';
import './rules/langchainRules';
import './rules/retrievalRules';

export interface ExplainOptions {
  /** Source dialect, used to write quick-fix text (`x=1` vs `x: 1`). Defaults to python. */
  dialect?: 'python' | 'js';
}

/**
 * Explains one call. `card` (from content/apis) supplies title, concept, summary and legacy notes;
 * without it a short built-in description is used.
 */
export function explainCall(call: DetectedCall, card?: ApiCard, options: ExplainOptions = {}): Explanation {
  const dialect = options.dialect ?? 'python';
  const ctx = makeContext(call, dialect);
  for (const rule of RULES.get(call.symbol) ?? []) {
    try {
      rule(ctx);
    } catch {
      // A rule must never break the hover.
    }
  }
  const fallback = FALLBACK_INFO[call.symbol];
  const name = call.symbol.slice(call.symbol.indexOf(':') + 1);
  const legacy = card?.legacy ?? (call.legacy && fallback?.legacy ? fallback.legacy : undefined);
  if (call.legacy && !ctx.pitfalls.some((p) => p.code === 'legacy-api')) {
    ctx.pitfalls.unshift({
      code: 'legacy-api',
      severity: 'warning',
      message: legacy ? `Legacy API: ${legacy.note} Use ${legacy.replacement}.` : `${name} is a legacy API; see the card for its replacement.`,
      range: call.calleeRange,
    });
  }
  return {
    symbol: call.symbol,
    title: card?.title ?? fallback?.title ?? name,
    concept: card?.concept ?? fallback?.concept ?? name.split('.').pop() ?? name,
    summary: card?.summary ?? fallback?.summary ?? '',
    interpreted: ctx.interpreted,
    pitfalls: ctx.pitfalls.map((p) => (p.range ? p : { ...p, range: call.calleeRange })),
    ...(legacy ? { legacy } : {}),
  };
}
