import { apiFetch, ApiError } from '@tessera/core/web';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AgentSession, CredentialView, Limits, OrderView, Performance, Portfolio, TradeView, Valuation } from '../contracts/index.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export function useApi(org: string) {
  return <T>(path: string, method: Method = 'GET', body?: unknown) =>
    apiFetch<T>(`/api/trading${path}`, { method, org, ...(body === undefined ? {} : { body }) });
}

export function errorText(err: unknown): string | null {
  if (!err) return null;
  if (err instanceof ApiError) {
    const reasons = (err.body.details as { reasons?: string[] } | undefined)?.reasons;
    return `${err.body.code}: ${err.body.message}${reasons?.length ? ` (${reasons.join('; ')})` : ''} ${err.body.hint}`;
  }
  return err instanceof Error ? err.message : 'unknown error';
}

export function usePortfolios(org: string) {
  const api = useApi(org);
  return useQuery({ queryKey: ['trading', org, 'portfolios'], queryFn: () => api<{ portfolios: Portfolio[] }>('/portfolios') });
}

export function usePortfolio(org: string, id: string | null) {
  const api = useApi(org);
  return useQuery({
    queryKey: ['trading', org, 'portfolio', id],
    enabled: !!id,
    queryFn: () => api<{ portfolio: Portfolio; valuation: Valuation; ms: number }>(`/portfolios/${id}`),
  });
}

export function usePerformance(org: string, id: string | null) {
  const api = useApi(org);
  return useQuery({ queryKey: ['trading', org, 'performance', id], enabled: !!id, queryFn: () => api<Performance>(`/portfolios/${id}/performance`) });
}

export function useTrades(org: string, id: string | null) {
  const api = useApi(org);
  return useQuery({
    queryKey: ['trading', org, 'trades', id],
    enabled: !!id,
    queryFn: () => api<{ trades: TradeView[] }>(`/portfolios/${id}/trades?limit=100`),
  });
}

export function useRisk(org: string) {
  const api = useApi(org);
  type Kill = { scope: string; mode: 'off' | 'soft' | 'hard'; reason: string; changedBy: string | null; changedAt: string | null };
  return useQuery({
    queryKey: ['trading', org, 'risk'],
    queryFn: () =>
      api<{
        limits: Limits;
        reservedNotional: string | null;
        missingFxRates: string[];
        openOrders: number;
        dayPeakEquity: string | null;
        kill: { user: Kill; global: Kill };
      }>('/risk'),
  });
}

export function useOrders(org: string) {
  const api = useApi(org);
  return useQuery({ queryKey: ['trading', org, 'orders'], queryFn: () => api<{ orders: OrderView[] }>('/orders') });
}

export function useCredentials(org: string) {
  const api = useApi(org);
  return useQuery({ queryKey: ['trading', org, 'credentials'], queryFn: () => api<{ credentials: CredentialView[] }>('/credentials') });
}

export function useSessions(org: string) {
  const api = useApi(org);
  return useQuery({
    queryKey: ['trading', org, 'sessions'],
    queryFn: () => api<{ sessions: Pick<AgentSession, 'id' | 'question' | 'model' | 'status' | 'createdAt'>[] }>('/agents/sessions'),
  });
}

/** A mutation that refreshes every trading query of the organization when it settles (a refused order is stored too). */
export function useTradingMutation<I, O>(org: string, fn: (api: ReturnType<typeof useApi>, input: I) => Promise<O>) {
  const api = useApi(org);
  const qc = useQueryClient();
  return useMutation({ mutationFn: (input: I) => fn(api, input), onSettled: () => qc.invalidateQueries({ queryKey: ['trading', org] }) });
}
