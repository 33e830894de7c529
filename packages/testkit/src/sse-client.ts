/** One parsed text/event-stream block. */
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
  comment: boolean;
}

function parse(block: string): SseEvent {
  const ev: SseEvent = { id: null, event: 'message', data: '', comment: false };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) ev.comment = true;
    else if (line.startsWith('id:')) ev.id = line.slice(3).trim();
    else if (line.startsWith('event:')) ev.event = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
  }
  ev.data = data.join('\n');
  return ev;
}

/** A test client for a real listening server's text/event-stream: collects events (comments included) as they arrive over the wire. */
export class SseClient {
  readonly events: SseEvent[] = [];
  ended = false;
  private wake: (() => void)[] = [];
  private readonly abort = new AbortController();
  readonly response: Response;

  private constructor(response: Response) {
    this.response = response;
  }

  static async connect(url: string, headers: Record<string, string>): Promise<SseClient> {
    const ctrl = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
    const client = new SseClient(response);
    client.abort.signal.addEventListener('abort', () => ctrl.abort());
    void client.read();
    return client;
  }

  private async read(): Promise<void> {
    const body = this.response.body;
    if (!body) return;
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          this.events.push(parse(buf.slice(0, cut)));
          buf = buf.slice(cut + 2);
        }
        this.notify();
      }
    } catch {
      // closed by the test
    }
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    for (const w of this.wake.splice(0)) w();
  }

  /** Resolves with the first event (at index `from` or later) matching `pred`, or fails after `timeoutMs`. */
  async waitFor(pred: (e: SseEvent) => boolean, timeoutMs = 5000, from = 0): Promise<SseEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.events.slice(from).find(pred);
      if (hit) return hit;
      const left = deadline - Date.now();
      if (left <= 0 || this.ended) throw new Error(`no matching event (ended=${this.ended}); got ${JSON.stringify(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Resolves when the server ends the stream. */
  async untilEnd(timeoutMs = 5000): Promise<SseEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      if (Date.now() > deadline) throw new Error('the stream did not end');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.wake.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }

  close(): void {
    this.abort.abort();
  }
}
