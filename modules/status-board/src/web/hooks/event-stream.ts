import type { BoardChange } from '../../contracts/index.ts';

export interface StreamHandlers {
  onOpen(): void;
  onChange(change: BoardChange): void;
  onResync(): void;
  onDown(): void;
}

/**
 * EventSource semantics over fetch: the browser's EventSource cannot send the organization
 * header, so this reads text/event-stream itself, reconnects with backoff and resumes with
 * Last-Event-ID. Returns a function that stops it.
 */
export function openBoardStream(url: string, headers: Record<string, string>, h: StreamHandlers): () => void {
  let stopped = false;
  let lastId: string | null = null;
  let controller: AbortController | null = null;
  let failures = 0;

  const run = async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const res = await fetch(url, {
          headers: { accept: 'text/event-stream', ...headers, ...(lastId ? { 'last-event-id': lastId } : {}) },
          credentials: 'same-origin',
          signal: controller.signal,
        });
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        const reader = res.body.getReader();
        const decoder = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += decoder.decode(value, { stream: true });
          let cut: number;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            let event = 'message';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) lastId = line.slice(4);
              else if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (event === 'ready') {
              failures = 0;
              h.onOpen();
            } else if (event === 'change') h.onChange(JSON.parse(data) as BoardChange);
            else if (event === 'resync') h.onResync();
          }
        }
      } catch {
        // Dropped or refused: fall through to the reconnect delay.
      }
      if (stopped) return;
      h.onDown();
      failures++;
      await new Promise((r) => setTimeout(r, Math.min(15_000, 500 * 2 ** Math.min(failures, 5)) * (0.5 + Math.random() / 2)));
    }
  };
  void run();
  return () => {
    stopped = true;
    controller?.abort();
  };
}
