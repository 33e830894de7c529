import { fileURLToPath } from 'node:url';
import { freePort, spawnServer, type ChildServer } from './child-server.ts';

const script = fileURLToPath(new URL('./hello-server.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the bare Fastify hello-world baseline on its own port; GET `${url}/hello`. */
export async function startHelloBaseline(): Promise<ChildServer> {
  const port = await freePort();
  return spawnServer({
    name: 'fastify hello-world',
    args: [script, String(port)],
    env: {},
    cwd: repoRoot,
    url: `http://127.0.0.1:${port}`,
    readyPath: '/hello',
  });
}
