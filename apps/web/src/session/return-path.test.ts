import { describe, expect, it } from 'vitest';
import { safeReturnPath } from './return-path.ts';

describe('return path after sign-in', () => {
  it('returns to the page the visitor was sent away from', () => {
    expect(safeReturnPath({ from: '/status-board/jobs?day=2025-09-20#top' })).toBe('/status-board/jobs?day=2025-09-20#top');
  });

  it('never leaves the site or loops back to sign-in', () => {
    for (const from of ['//evil.example/x', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', '/sign-in', '/sign-in?x=1', '']) {
      expect(safeReturnPath({ from })).toBe('/');
    }
    expect(safeReturnPath(null)).toBe('/');
    expect(safeReturnPath({ from: 42 })).toBe('/');
  });
});
