import { sql, type SQL } from 'drizzle-orm';
import type { Platform, TesseraModule } from '@tessera/core';

export interface ReencryptResult {
  keyId: string;
  reencrypted: number;
  alreadyCurrent: number;
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
    for (const mod of modules) {
      for (const col of mod.secretColumns ?? []) {
        const ident = (s: string) =>
          s
            .split('.')
            .map((part) => `"${part.replaceAll('"', '')}"`)
            .join('.');
        const rows = (await tx.execute(
          rawSql(
            `select ${ident(col.idColumn)}::text as id, ${ident(col.column)} as secret, (${col.aadSql}) as aad from ${ident(col.table)} where ${ident(col.column)} is not null for update`,
          ),
        )) as { rows: { id: string; secret: string; aad: string }[] };
        for (const row of rows.rows) {
          if (secrets.keyIdOf(row.secret) === secrets.currentKeyId) {
            alreadyCurrent++;
            continue;
          }
          const next = secrets.reencrypt(row.secret, row.aad);
          await tx.execute(rawSql(`update ${ident(col.table)} set ${ident(col.column)} = $1 where ${ident(col.idColumn)}::text = $2`, [next, row.id]));
          reencrypted++;
        }
      }
    }
  });
  return { keyId: secrets.currentKeyId, reencrypted, alreadyCurrent };
}

function rawSql(text: string, params: unknown[] = []): SQL {
  // Identifiers come from module declarations, values are bound parameters.
  const parts = text.split(/\$\d+/);
  const chunks: SQL[] = [sql.raw(parts[0] ?? '')];
  params.forEach((p, i) => {
    chunks.push(sql`${p}`);
    chunks.push(sql.raw(parts[i + 1] ?? ''));
  });
  return sql.join(chunks, sql.raw(''));
}
