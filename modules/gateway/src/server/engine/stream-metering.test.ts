import { describe, expect, it } from 'vitest';
import { meterStream } from './stream-metering.ts';
import type { Usage } from './openai-types.ts';

const chunk = (content: string | null, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'c1',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: content === null ? [] : [{ index: 0, delta: { content }, finish_reason: null }],
    ...extra,
  });

async function* source(items: string[]) {
  for (const i of items) yield i;
}

function run(items: string[], includeUsage: boolean) {
  const ended: { usage: Usage | null; completed: boolean | null } = { usage: null, completed: null };
  const m = meterStream(source(items), {
    includeUsage,
    promptEstimate: 10,
    onFirstToken: () => undefined,
    onEnd: (usage, completed) => Object.assign(ended, { usage, completed }),
  });
  return { m, ended };
}

describe('stream metering', () => {
  const items = [chunk('Hel'), chunk('lo'), chunk(null, { usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 } })];

  it('bills the upstream usage and hides the usage chunk from clients that did not ask', async () => {
    const { m, ended } = run(items, false);
    const out = [];
    for await (const p of m.events) out.push(p);
    expect(out).toHaveLength(2);
    expect(ended).toEqual({ usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 }, completed: true });
  });

  it('strips usage from a last chunk that still carries choices instead of dropping its content', async () => {
    const { m } = run([chunk('Hi', { usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })], false);
    const out = [];
    for await (const p of m.events) out.push(JSON.parse(p));
    expect(out).toEqual([
      { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'Hi' }, finish_reason: null }] },
    ]);
  });

  it('still settles when the client goes away mid-stream, from an estimate', async () => {
    const { m, ended } = run([chunk('x'.repeat(400)), ...items], false);
    for await (const p of m.events) {
      void p;
      break;
    }
    expect(ended.completed).toBe(false);
    expect(ended.usage?.prompt_tokens).toBe(10);
    expect(ended.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('adds a usage chunk when the provider sent none but the client asked', async () => {
    const { m } = run([chunk('Hello there')], true);
    const out = [];
    for await (const p of m.events) out.push(JSON.parse(p));
    expect(out.at(-1).usage.prompt_tokens).toBe(10);
  });
});
