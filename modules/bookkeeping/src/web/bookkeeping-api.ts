import { apiFetch } from '@tessera/core/web';
import { useQuery } from '@tanstack/react-query';

export type { Account, Company, Line } from '../contracts/index.ts';
import type { Account } from '../contracts/index.ts';

export const api = <T>(org: string, path: string, method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', body?: unknown) =>
  apiFetch<T>(`/api/bookkeeping${path}`, { org, ...(method ? { method } : {}), ...(body !== undefined ? { body } : {}) });

export function useAccounts(org: string, company: string) {
  return useQuery({ queryKey: ['bk', org, company, 'accounts'], queryFn: () => api<Account[]>(org, `/companies/${company}/accounts`) });
}

export function money(cents: string | number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const v = BigInt(cents);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const whole = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${neg ? '-' : ''}$${whole}.${String(a % 100n).padStart(2, '0')}`;
}

/** Dollars for charts only (display, never stored or summed). */
export const dollars = (cents: string | null) => Number(cents ?? '0') / 100;
