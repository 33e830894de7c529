export interface SseFrame {
  id: string | null;
  event: string;
  data: string;
  comment: boolean;
}

/** Reads a text/event-stream over fetch and hands out parsed frames (comments included). */
export class SseReader {
  readonly frames: SseFrame[] = [];
  private waiters: (() => void)[] = [];
  private controller = new AbortController();
  response!: Response;

  static async open(url: string, headers: Record<string, string>): Promise<SseReader> {
    const reader = new SseReader();
    reader.response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: reader.controller.signal });
    void reader.pump();
    return reader;
  }

  private async pump(): Promise<void> {
    const body = this.response.body;
    if (!body) return;
    const decoder = new TextDecoder();
    let buf = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        buf += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, cut);
          buf = buf.slice(cut + 2);
          this.frames.push(parseBlock(block));
          for (const w of this.waiters.splice(0)) w();
        }
      }
    } catch {
      // Aborted by close().
    }
  }

  /** Waits for the first frame (from index `from`) matching `pred`. */
  async next(pred: (f: SseFrame) => boolean, timeoutMs = 5000, from = 0): Promise<SseFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.slice(from).find(pred);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching SSE frame within ${timeoutMs} ms; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.controller.abort();
  }
}

function parseBlock(block: string): SseFrame {
  const frame: SseFrame = { id: null, event: 'message', data: '', comment: false };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) frame.comment = true;
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  frame.data = data.join('\n');
  return frame;
}
