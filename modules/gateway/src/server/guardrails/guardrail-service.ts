import type { ChatMessage } from '../engine/openai-types.ts';
import { textOf } from '../engine/openai-types.ts';

const INJECTION_PATTERNS: RegExp[] = [
  /ignore\s+(all\s+|any\s+)?(the\s+)?(previous|prior|above|earlier)\s+(instructions|prompts|rules|messages)/i,
  /disregard\s+(all\s+|the\s+)?(previous|prior|above|system)\s+(instructions|prompt|rules)/i,
  /(reveal|print|show|repeat|leak)\s+(me\s+)?(your|the)\s+(system\s+prompt|hidden\s+instructions|initial\s+instructions)/i,
  /you\s+are\s+now\s+(in\s+)?(developer|dan|jailbreak|unrestricted)\s*(mode)?/i,
  /pretend\s+(that\s+)?you\s+(have\s+no|are\s+not\s+bound\s+by)\s+(rules|restrictions|guidelines)/i,
  /<\|?(im_start|system|endoftext)\|?>/i,
];

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const PHONE = /(?<![\w+])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{2,4}[\s.-]?\d{2,6}(?!\w)/g;
const CARD = /(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && digits.length <= 19 && sum % 10 === 0;
}

export interface PiiFinding {
  kind: 'email' | 'phone' | 'card';
  count: number;
}

/** Replaces emails, Luhn-valid card numbers and phone numbers (in that order, so cards are not read as phones). */
export function redactPii(text: string): { text: string; findings: PiiFinding[] } {
  const counts = { email: 0, phone: 0, card: 0 };
  let out = text.replace(EMAIL, () => {
    counts.email++;
    return '[REDACTED_EMAIL]';
  });
  // Long digit runs that fail Luhn (order numbers, IBAN parts) are set aside so the phone pass does not take them.
  const kept: string[] = [];
  out = out.replace(CARD, (m) => {
    const digits = m.replace(/\D/g, '');
    if (!luhnValid(digits)) {
      kept.push(m);
      return `\uE000${kept.length - 1}\uE001`;
    }
    counts.card++;
    return '[REDACTED_CARD]';
  });
  out = out.replace(PHONE, (m) => {
    const digits = m.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) return m;
    counts.phone++;
    return '[REDACTED_PHONE]';
  });
  out = out.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => kept[Number(i)] ?? '');
  const findings = (Object.entries(counts) as [PiiFinding['kind'], number][]).filter(([, n]) => n > 0).map(([kind, count]) => ({ kind, count }));
  return { text: out, findings };
}

export function looksLikeInjection(text: string): boolean {
  return INJECTION_PATTERNS.some((p) => p.test(text));
}

export interface GuardrailSettings {
  injection?: 'off' | 'log' | 'block';
  pii?: 'off' | 'log' | 'redact' | 'block';
}

export interface GuardrailOutcome {
  messages: ChatMessage[];
  /** e.g. `pii:redact:email,card` or `injection:block`; null when nothing was found. */
  action: string | null;
  blocked: boolean;
}

/** Checks user-supplied messages (user and tool roles); the system prompt is the operator's own. */
export function applyGuardrails(messages: ChatMessage[], settings: GuardrailSettings): GuardrailOutcome {
  const injection = settings.injection ?? 'off';
  const pii = settings.pii ?? 'off';
  if (injection === 'off' && pii === 'off') return { messages, action: null, blocked: false };
  const actions: string[] = [];
  let blocked = false;
  if (injection !== 'off' && messages.some((m) => (m.role === 'user' || m.role === 'tool') && looksLikeInjection(textOf(m.content)))) {
    actions.push(`injection:${injection}`);
    if (injection === 'block') blocked = true;
  }
  let out = messages;
  if (pii !== 'off') {
    const kinds = new Set<string>();
    const redacted = messages.map((m) => {
      if (m.role !== 'user' && m.role !== 'tool') return m;
      if (typeof m.content !== 'object' || m.content === null) {
        const r = redactPii(textOf(m.content));
        for (const f of r.findings) kinds.add(f.kind);
        return r.findings.length && pii === 'redact' ? { ...m, content: r.text } : m;
      }
      // Content parts: each text part on its own, images and other parts kept as they are.
      let changed = false;
      const parts = m.content.map((part) => {
        if (part.type !== 'text') return part;
        const r = redactPii(part.text);
        for (const f of r.findings) kinds.add(f.kind);
        if (!r.findings.length) return part;
        changed = true;
        return { ...part, text: r.text };
      });
      return changed && pii === 'redact' ? { ...m, content: parts } : m;
    });
    if (kinds.size) {
      actions.push(`pii:${pii}:${[...kinds].sort().join(',')}`);
      if (pii === 'block') blocked = true;
      if (pii === 'redact') out = redacted;
    }
  }
  return { messages: out, action: actions.length ? actions.join(';') : null, blocked };
}

/**
 * Embedding inputs under the key's PII setting (injection does not apply: nothing follows
 * instructions in an embedding). Token-array inputs cannot be read and pass unchanged.
 */
export function guardEmbeddingInput<T>(input: T, settings: GuardrailSettings): { input: T; action: string | null; blocked: boolean } {
  const pii = settings.pii ?? 'off';
  if (pii === 'off') return { input, action: null, blocked: false };
  const kinds = new Set<string>();
  const scan = (text: string): string => {
    const r = redactPii(text);
    for (const f of r.findings) kinds.add(f.kind);
    return r.text;
  };
  let redacted: unknown = input;
  if (typeof input === 'string') redacted = scan(input);
  else if (Array.isArray(input) && input.every((x) => typeof x === 'string')) redacted = input.map((x: string) => scan(x));
  if (!kinds.size) return { input, action: null, blocked: false };
  const action = `pii:${pii}:${[...kinds].sort().join(',')}`;
  return { input: pii === 'redact' ? (redacted as T) : input, action, blocked: pii === 'block' };
}
