import { useQuery } from '@tanstack/react-query';
import { fetchMe, SESSION_QUERY_KEY } from './session-api.ts';

export function useSession() {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 60_000,
    retry: 1,
  });
}
