import { describe, expect, it } from 'vitest';
import type { MeOrganization } from '../session/session-api.ts';
import { defaultOrgFor, entryForPath, orgForModule } from './org-defaults.ts';

const board = { name: 'status-board', path: '/status-board', defaultOrgSlug: 'edgars-auto' };
const trading = { name: 'trading', path: '/trading', defaultOrgSlug: 'oh-my-coins' };
const acme: MeOrganization = { id: '1', slug: 'acme', name: 'Acme', role: 'owner' };
const shop: MeOrganization = { id: '2', slug: 'edgars-auto', name: "Edgar's", role: 'member' };

describe('organization a module acts in', () => {
  it("opens a module in its demo organization when the user belongs to it, else in the user's first", () => {
    expect(defaultOrgFor(board, [acme, shop])).toBe(shop);
    expect(defaultOrgFor(trading, [acme, shop])).toBe(acme);
    expect(defaultOrgFor(trading, [])).toBeNull();
  });

  it('keeps a stored pick only while the user is still a member of that organization', () => {
    expect(orgForModule(board, [acme, shop], { 'status-board': 'acme' })).toBe(acme);
    expect(orgForModule(board, [acme, shop], { 'status-board': 'left-long-ago' })).toBe(shop);
    expect(orgForModule(board, [acme, shop], { trading: 'acme' })).toBe(shop);
  });

  it('matches a location to the module that owns its path prefix, not a longer name', () => {
    expect(entryForPath([board, trading], '/trading')).toBe(trading);
    expect(entryForPath([board, trading], '/status-board/jobs/42')).toBe(board);
    expect(entryForPath([board, trading], '/tradingfloor')).toBeNull();
    expect(entryForPath([board, trading], '/')).toBeNull();
  });
});
