import { describe, expect, it } from 'vitest';
import { parseFromWebview } from '../../src/webview/protocol';
import { parseSessionArg } from '../../src/vscode/quizArgs';

describe('messages from webviews are validated', () => {
  it('accepts each well-formed message', () => {
    expect(parseFromWebview({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parseFromWebview({ type: 'answer', itemId: 'a#0', answer: { type: 'mcq', choice: 2 } })).toEqual({ type: 'answer', itemId: 'a#0', answer: { type: 'mcq', choice: 2 } });
    expect(parseFromWebview({ type: 'answer', itemId: 'a#0', answer: { type: 'multi', choices: [1, 1, 3] } })).toEqual({ type: 'answer', itemId: 'a#0', answer: { type: 'multi', choices: [1, 3] } });
    expect(parseFromWebview({ type: 'rate', itemId: 'a#0', rating: 4, durationMs: 1200 })).toMatchObject({ rating: 4 });
    expect(parseFromWebview({ type: 'openQuestion', id: 'kv-cache' })).toEqual({ type: 'openQuestion', id: 'kv-cache' });
  });

  it('keeps a rating whose duration is negative or not finite (a clock step), with the duration clamped to 0', () => {
    for (const durationMs of [-2000, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(parseFromWebview({ type: 'rate', itemId: 'a#0', rating: 3, durationMs })).toEqual({ type: 'rate', itemId: 'a#0', rating: 3, durationMs: 0 });
    }
    expect(parseFromWebview({ type: 'rate', itemId: 'a#0', rating: 3, durationMs: 1e12 })).toMatchObject({ durationMs: 86_400_000 });
  });

  it('takes only the position from persist, never what was rated or answered', () => {
    const persisted = parseFromWebview({ type: 'persist', state: { sessionId: 's', items: [], index: 2, rated: { 'a#0': 4 }, results: { 'a#0': { correct: true } } } });
    expect(persisted).toEqual({ type: 'persist', state: { sessionId: 's', index: 2 } });
  });

  it('drops extra fields rather than passing them on', () => {
    expect(parseFromWebview({ type: 'ready', evil: '<script>' })).toEqual({ type: 'ready' });
  });

  it.each([
    null,
    'ready',
    { type: 'nope' },
    { type: 'answer', itemId: 'a#0', answer: { type: 'mcq', choice: -1 } },
    { type: 'answer', itemId: 'a#0', answer: { type: 'mcq', choice: '1' } },
    { type: 'answer', itemId: '', answer: { type: 'truefalse', value: true } },
    { type: 'answer', itemId: 'a#0', answer: { type: 'free', text: 'x'.repeat(30_000) } },
    { type: 'rate', itemId: 'a#0', rating: 5, durationMs: 1 },
    { type: 'rate', itemId: 'a#0', rating: 3, durationMs: '1200' },
    { type: 'rate', itemId: 'a#0', rating: 3 },
    { type: 'openQuestion', id: 42 },
    { type: 'persist', state: { sessionId: 'x', items: 'no', index: 0 } },
  ])('rejects %j', (msg) => {
    expect(parseFromWebview(msg)).toBeUndefined();
  });
});

describe('command arguments are validated', () => {
  it('builds session requests only from known shapes', () => {
    expect(parseSessionArg({ mode: 'topic', topic: 'rag' }, 10)).toEqual({ mode: 'topic', topic: 'rag', size: 10 });
    expect(parseSessionArg({ mode: 'topic', topic: 'cooking' }, 10)).toBeUndefined();
    expect(parseSessionArg({ mode: 'apis', symbols: ['peft:LoraConfig', 7] }, 10)).toEqual({ mode: 'apis', symbols: ['peft:LoraConfig'], size: 10 });
    expect(parseSessionArg({ mode: 'apis', symbols: [] }, 10)).toBeUndefined();
    expect(parseSessionArg({ mode: 'due', size: 1e9 }, 10)).toEqual({ mode: 'due', size: 10 });
    expect(parseSessionArg('rm -rf', 10)).toBeUndefined();
  });
});
