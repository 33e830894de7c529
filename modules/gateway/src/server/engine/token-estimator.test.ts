import { describe, expect, it } from 'vitest';
import { estimatePromptTokens, holdPromptTokens, holdTextTokens, TOOL_USE_TOKENS } from './token-estimator.ts';

const user = (content: string) => ({ messages: [{ role: 'user' as const, content }] });

describe('budget holds size prompts from above', () => {
  it('holds half the UTF-8 bytes of a text, never less than the estimate', () => {
    // English: about four bytes per real token; held at two.
    expect(holdTextTokens('What is the capital of France?')).toBe(15);
    // Japanese: three bytes per character and about one token per character: the estimate (3)
    // would undercount tenfold; the hold (15) does not.
    const ja = '東京は日本の首都です';
    expect(estimatePromptTokens(user(ja))).toBe(3 + 4 + 3);
    expect(holdPromptTokens(user(ja))).toBe(3 + 4 + 15);
    for (const text of ['', 'a', 'abcd', '{"k":[1,2,3]}', '🙂🙂', 'x'.repeat(1001)])
      expect(holdPromptTokens(user(text))).toBeGreaterThanOrEqual(estimatePromptTokens(user(text)));
  });

  it('adds what providers put around tool definitions', () => {
    const tools = [{ type: 'function' as const, function: { name: 'f', parameters: { type: 'object' } } }];
    const withTools = holdPromptTokens({ ...user('hi'), tools });
    expect(withTools).toBe(holdPromptTokens(user('hi')) + holdTextTokens(JSON.stringify(tools)) + TOOL_USE_TOKENS);
  });
});
