import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '@tessera/core/web';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './app.tsx';
import { SESSION_QUERY_KEY } from './session/session-api.ts';
import './styles.css';

// A 401 from any module call means the session ended (expired, or signed out in another tab):
// reload `me`, which sends the user back to the sign-in page.
function onApiError(err: unknown): void {
  if (err instanceof ApiError && err.status === 401) void queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
}

const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (err, query) => (query.queryKey[0] === SESSION_QUERY_KEY[0] ? undefined : onApiError(err)) }),
  mutationCache: new MutationCache({ onError: (err) => onApiError(err) }),
  defaultOptions: {
    queries: {
      // Client errors will not fix themselves; retry only network trouble and 5xx.
      retry: (failures, err) => failures < 2 && !(err instanceof ApiError && err.status < 500),
      refetchOnWindowFocus: false,
      staleTime: 10_000,
    },
  },
});

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('index.html lacks the #root element');

createRoot(rootElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
