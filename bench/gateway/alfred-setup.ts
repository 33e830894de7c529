import type { TesseraServer } from '../lib/index.ts';

/**
 * Points a freshly started Alfred at the loopback mock as an OpenAI-compatible provider, funds an
 * organization wallet, and raises the key's limits: on, but high enough not to refuse the
 * benchmark's own load.
 */
export async function connectAlfredToMock(gw: TesseraServer, mockUrl: string): Promise<void> {
  const admin = async (method: string, path: string, payload: unknown) => {
    const res = await fetch(`${gw.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${gw.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as Record<string, unknown>;
  };
  await admin('POST', '/api/gateway/providers', { name: 'mock', kind: 'openai-compatible', baseUrl: `${mockUrl}/v1`, apiKey: 'sk-mock' });
  const wallet = await admin('POST', '/api/gateway/wallets', { scopeType: 'org' });
  await admin('POST', `/api/gateway/wallets/${String(wallet.id)}/top-ups`, { amountMicros: 1_000_000_000_000 });
  const keys = (await (await fetch(`${gw.url}/api/gateway/keys`, { headers: { authorization: `Bearer ${gw.apiKey}` } })).json()) as { api_key_id: string }[];
  for (const k of keys) await admin('PUT', `/api/gateway/keys/${k.api_key_id}`, { rpm: 10_000_000, tpm: 1_000_000_000 });
}
