/**
 * The baseline: a bare Fastify hello-world, started as a child by the benchmarks. It answers a
 * small JSON object, the cheapest thing a Fastify route can do, so a ratio against it shows what
 * the platform (auth, tenancy, rate limits, headers, metrics, database) costs per request.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
const port = Number(process.argv[2] ?? '0');
await app.listen({ port, host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
