import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(16 * 4096);
let used = pool.length;
let lastMs = 0;
let seq = 0;

/**
 * A UUID version 7 (RFC 9562): milliseconds first, then a per-millisecond sequence, then random
 * bits. Ids made one after another sort one after another, so inserting a batch appends to the
 * right edge of the primary-key indexes instead of touching random pages all over them.
 */
export function timeOrderedId(): string {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const b = pool.subarray(used, used + 16);
  used += 16;
  const now = Date.now();
  seq = now === lastMs ? (seq + 1) & 0xfff : 0;
  lastMs = now;
  b.writeUIntBE(now, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
