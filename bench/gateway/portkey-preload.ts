// Keeps Portkey on loopback: its start script listens on every interface otherwise.
import net from 'node:net';

type Listen = (this: net.Server, ...args: unknown[]) => net.Server;
const proto = net.Server.prototype as unknown as { listen: Listen };
const original = proto.listen;
proto.listen = function (this: net.Server, ...args: unknown[]): net.Server {
  const first = args[0];
  if (typeof first === 'number') return original.call(this, first, '127.0.0.1', ...args.slice(1).filter((a) => typeof a === 'function'));
  if (first && typeof first === 'object' && !('path' in first)) args[0] = { ...first, host: '127.0.0.1' };
  return original.apply(this, args);
};
