import type { Role } from '../db/core-schema.ts';

export type { Role };
export const ROLES: readonly Role[] = ['viewer', 'member', 'admin', 'owner'];

export function roleAtLeast(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

/** `*` grants every scope; `module:*` grants every scope of that module. */
export function scopesAllow(granted: readonly string[], required: string): boolean {
  if (granted.includes('*') || granted.includes(required)) return true;
  const [ns] = required.split(':');
  return granted.includes(`${ns}:*`);
}
