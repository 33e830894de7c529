import { createServer } from 'node:http';

// A loopback OpenAI-format upstream: fixed answer, no delay; streams send every chunk at once.
const port = Number(process.argv[2] ?? 0);
const answer = JSON.stringify({
  id: 'chatcmpl-mock',
  object: 'chat.completion',
  created: 1731000000,
  model: 'gpt-4o-mini',
  choices: [{ index: 0, message: { role: 'assistant', content: 'The capital of France is Paris.' }, finish_reason: 'stop', logprobs: null }],
  usage: { prompt_tokens: 14, completion_tokens: 7, total_tokens: 21 },
});
const chunk = (delta: Record<string, unknown>, finish: string | null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1731000000, model: 'gpt-4o-mini', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const streamBody = [
  chunk({ role: 'assistant', content: '' }, null),
  chunk({ content: 'The capital' }, null),
  chunk({ content: ' of France is Paris.' }, null),
  chunk({}, 'stop'),
  `data: ${JSON.stringify({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1731000000, model: 'gpt-4o-mini', choices: [], usage: { prompt_tokens: 14, completion_tokens: 7, total_tokens: 21 } })}\n\n`,
  'data: [DONE]\n\n',
];

const server = createServer((req, res) => {
  if (req.url === '/readyz') {
    res.writeHead(200).end('ok');
    return;
  }
  const parts: Buffer[] = [];
  req.on('data', (c: Buffer) => parts.push(c));
  req.on('end', () => {
    const body = Buffer.concat(parts).toString('utf8');
    if (body.includes('"stream":true')) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const piece of streamBody) res.write(piece);
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) }).end(answer);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, '127.0.0.1');
