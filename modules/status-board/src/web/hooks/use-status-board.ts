import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { StatusBoardClient, StatusBoardError, type AppointmentStatus, type Board, type Card, type Stats } from '../../contracts/index.ts';
import { applyChange, findCard, placeCard, upsertServerCard } from './board-state.ts';
import { openBoardStream } from './event-stream.ts';

export interface UseStatusBoardOptions {
  org: string;
  date: string;
  /** Poll interval while the event stream is down. */
  pollMs?: number;
  /** How long the stream may be down before the offline banner shows. */
  offlineAfterMs?: number;
  client?: StatusBoardClient;
}

export interface MoveTarget {
  toStatus: AppointmentStatus;
  afterId?: string | null;
  beforeId?: string | null;
}

function columnIds(board: Board, status: AppointmentStatus): string {
  return (board.columns.find((c) => c.status === status)?.cards ?? []).map((c) => c.id).join(',');
}

let csrfPromise: Promise<string | null> | null = null;
/** The session's CSRF token, read once from the shell's /api/auth/me. */
function csrfToken(): Promise<string | null> {
  csrfPromise ??= fetch('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(async (r) => (r.ok ? ((await r.json()) as { csrfToken: string | null }).csrfToken : null))
    .catch(() => null);
  return csrfPromise;
}

/**
 * The live day board: a synchronous local copy that moves apply to at once (optimistic), a
 * queue per card so a card's moves reach the server in order on its latest version, rollback
 * when the server refuses, the event stream for other screens' changes and polling while the
 * stream is down.
 */
export function useStatusBoard({ org, date, pollMs = 5000, offlineAfterMs = 5000, client: given }: UseStatusBoardOptions) {
  const [board, setBoard] = useState<Board | null>(null);
  const [stats, setStats] = useState<Stats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [streamUp, setStreamUp] = useState(false);
  const [offline, setOffline] = useState(false);
  const [pending, setPending] = useState(0);
  const boardRef = useRef<Board | null>(null);
  const queues = useRef(new Map<string, Promise<void>>());
  const tokenRef = useRef<string | null>(null);

  const client = useMemo(() => given ?? new StatusBoardClient({ org, csrfToken: () => tokenRef.current }), [given, org]);

  const commit = useCallback((next: Board | null) => {
    boardRef.current = next;
    setBoard(next);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const [b, s] = await Promise.all([client.board(date), client.stats(date)]);
      // Keep local optimistic state while moves are in flight; their answers reconcile it.
      if (queues.current.size === 0 || !boardRef.current) commit(b);
      setStats(s);
      setError(null);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return false;
    }
  }, [client, date, commit]);

  useEffect(() => {
    commit(null);
    void refresh();
  }, [refresh, commit]);

  // Event stream, with resync on visibility (mobile browsers kill background connections).
  useEffect(() => {
    let refetchTimer: ReturnType<typeof setTimeout> | null = null;
    const refetchSoon = () => {
      if (refetchTimer) return;
      refetchTimer = setTimeout(() => {
        refetchTimer = null;
        void refresh();
      }, 150);
    };
    const stop = openBoardStream(
      client.eventsUrl(date),
      { 'x-tessera-org': org },
      {
        onOpen: () => {
          setStreamUp(true);
          refetchSoon();
        },
        onDown: () => setStreamUp(false),
        onResync: refetchSoon,
        onChange: (change) => {
          const cur = boardRef.current;
          if (!cur) return;
          const next = queues.current.has(change.appointmentId) ? null : applyChange(cur, change);
          if (next) commit(next);
          else refetchSoon();
          void client.stats(date).then(setStats, () => undefined);
        },
      },
    );
    const onVisible = () => {
      if (document.visibilityState === 'visible') refetchSoon();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stop();
      if (refetchTimer) clearTimeout(refetchTimer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [client, date, org, refresh, commit]);

  // Polling fallback and the offline banner while the stream is down.
  useEffect(() => {
    if (streamUp) {
      setOffline(false);
      return;
    }
    const banner = setTimeout(() => setOffline(true), offlineAfterMs);
    const poll = setInterval(() => {
      void refresh().then((ok) => {
        if (ok && navigator.onLine) setOffline(false);
      });
    }, pollMs);
    return () => {
      clearTimeout(banner);
      clearInterval(poll);
    };
  }, [streamUp, pollMs, offlineAfterMs, refresh]);

  /** Runs `run` after the card's earlier changes, so each goes out on the version the last one left. */
  const enqueue = useCallback((cardId: string, run: () => Promise<void>) => {
    setPending((n) => n + 1);
    const prev = queues.current.get(cardId) ?? Promise.resolve();
    const next = prev.then(run).finally(() => {
      setPending((n) => n - 1);
      if (queues.current.get(cardId) === next) queues.current.delete(cardId);
    });
    queues.current.set(cardId, next);
    return next;
  }, []);

  const move = useCallback(
    (cardId: string, target: MoveTarget) => {
      const cur = boardRef.current;
      const card = cur && findCard(cur, cardId);
      if (!cur || !card) return Promise.resolve();
      const snapshot = card;
      commit(placeCard(cur, card, target.toStatus, target.afterId ?? null, target.beforeId ?? null));
      const run = async () => {
        tokenRef.current ??= await csrfToken();
        // The card's latest version: earlier queued moves of this card have updated it.
        const version = findCard(boardRef.current!, cardId)?.version ?? snapshot.version;
        try {
          const res = await client.moveWithRebase(
            cardId,
            { toStatus: target.toStatus, afterId: target.afterId ?? null, beforeId: target.beforeId ?? null },
            version,
          );
          const now = boardRef.current;
          if (now) {
            const placed = upsertServerCard(now, res.card);
            commit({ ...placed, seq: Math.max(now.seq, res.seq) });
            // The server's order differs from what this screen guessed (a re-key or someone
            // else's move in between): reload the day.
            if (columnIds(placed, res.card.status) !== columnIds(now, res.card.status)) void refresh();
          }
          setError(null);
        } catch (err) {
          // Roll back to where the card was, then reload the truth.
          const now = boardRef.current;
          const server = err instanceof StatusBoardError ? (err.details as { current?: Card } | undefined)?.current : undefined;
          if (now) commit(server ? upsertServerCard(now, server) : upsertServerCard(now, snapshot));
          setError(err instanceof StatusBoardError ? `${err.message}` : 'The move failed; the card is back where it was.');
          void refresh();
        }
      };
      return enqueue(cardId, run);
    },
    [client, commit, refresh, enqueue],
  );

  /** Edits a job's details (technician, notes, …) on its latest version, in the card's queue. */
  const edit = useCallback(
    (cardId: string, patch: Record<string, unknown>) =>
      enqueue(cardId, async () => {
        tokenRef.current ??= await csrfToken();
        const card = boardRef.current && findCard(boardRef.current, cardId);
        if (!card) return;
        try {
          const updated = await client.updateAppointment(cardId, { ...patch, expectedVersion: card.version });
          const now = boardRef.current;
          if (now) commit(upsertServerCard(now, updated));
          setError(null);
        } catch (err) {
          setError(err instanceof Error ? err.message : String(err));
          void refresh();
        }
      }),
    [client, commit, refresh, enqueue],
  );

  return { board, stats, error, offline, live: streamUp, pending, move, edit, refresh, client };
}
