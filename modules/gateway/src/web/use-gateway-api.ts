import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@tessera/core/web';

export function useGatewayQuery<T>(org: string, path: string) {
  return useQuery({ queryKey: ['gateway', org, path], queryFn: () => apiFetch<T>(`/api/gateway${path}`, { org }) });
}

/** A write to the admin API; refreshes every gateway query of the organization afterwards. */
export function useGatewayMutation<TBody, TResult = unknown>(org: string, method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: (body: TBody) => string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) =>
      apiFetch<TResult>(`/api/gateway${path(body)}`, {
        org,
        method,
        body: method === 'DELETE' ? undefined : ((body as { payload?: unknown }).payload ?? body),
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['gateway', org] }),
  });
}
