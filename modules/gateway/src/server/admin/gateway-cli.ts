import type { CliCommand } from '@tessera/core';
import { findOrganizationBySlug } from '@tessera/core';
import { listWallets } from '../wallet/wallet-repository.ts';

/** `tessera gateway wallets <org-slug>`: balances at a glance from the command line. */
export const gatewayCli: CliCommand[] = [
  {
    name: 'gateway wallets',
    summary: 'List the gateway wallets of an organization with balance and reserved amounts.',
    usage: 'tessera gateway wallets <org-slug>',
    run: async (args, platform, io) => {
      const slug = args[0];
      if (!slug) {
        io.err('usage: tessera gateway wallets <org-slug>');
        return 2;
      }
      const org = await findOrganizationBySlug(platform.database.db, slug);
      if (!org) {
        io.err(`organization ${slug} not found`);
        return 1;
      }
      for (const w of await listWallets(platform.database, org.id))
        io.out(`${w.id}  ${w.scope_type.padEnd(4)} ${w.scope_id}  balance ${w.balance_micros} micros  reserved ${w.reserved_micros}`);
      return 0;
    },
  },
];
