import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Platform, type TesseraModule } from '@tessera/core';

export interface ReencryptResult {
  keyId: string;
  reencrypted: number;
  alreadyCurrent: number;
}

/** A quoted identifier (`schema.table` or a column) from a module's own declaration, never user input. */
function ident(name: string): SQL {
  return sql.raw(
    name
      .split('.')
      .map((part) => `"${part.replaceAll('"', '')}"`)
      .join('.'),
  );
}

/**
 * Key rotation: every column a module declares in `secretColumns` is decrypted with whichever key
 * made it and encrypted with the current key, all in one transaction: one failure (a ciphertext
 * made with a key no longer in SECRET_KEYS, a tampered row) aborts the whole rotation.
 */
export async function reencryptSecrets(platform: Platform, modules: readonly TesseraModule[]): Promise<ReencryptResult> {
  const secrets = platform.secrets;
  let reencrypted = 0;
  let alreadyCurrent = 0;
  await platform.database.db.transaction(async (tx) => {
    for (const col of modules.flatMap((m) => m.secretColumns ?? [])) {
      const [table, id, column] = [ident(col.table), ident(col.idColumn), ident(col.column)];
      const rows = await queryRows<{ id: string; secret: string; aad: string }>(
        tx,
        sql`select ${id}::text as id, ${column} as secret, (${sql.raw(col.aadSql)}) as aad from ${table} where ${column} is not null for update`,
      );
      for (const row of rows) {
        if (secrets.keyIdOf(row.secret) === secrets.currentKeyId) {
          alreadyCurrent++;
          continue;
        }
        await tx.execute(sql`update ${table} set ${column} = ${secrets.reencrypt(row.secret, row.aad)} where ${id}::text = ${row.id}`);
        reencrypted++;
      }
    }
  });
  return { keyId: secrets.currentKeyId, reencrypted, alreadyCurrent };
}
