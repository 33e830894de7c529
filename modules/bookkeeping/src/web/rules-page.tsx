import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ApplyRuleResult, Rule, RulePreview } from '../contracts/index.ts';
import { api, money, useAccounts } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

const AMOUNT = /^-?\d{1,11}(\.\d{1,2})?$/;
/** Dollars as typed ("-12.5") to integer cents, exactly (no floats). */
function toCents(text: string): number {
  const t = text.trim();
  const neg = t.startsWith('-');
  const [w = '0', f = ''] = t.replace('-', '').split('.');
  const cents = Number(w) * 100 + Number((f + '00').slice(0, 2));
  return neg ? -cents : cents;
}

export function RulesPage({ org, company }: { org: string; company: string }) {
  const qc = useQueryClient();
  const accounts = useAccounts(org, company);
  const names = new Map((accounts.data ?? []).map((a) => [a.id, `${a.code} ${a.name}`]));
  const rules = useQuery({ queryKey: ['bk', org, company, 'rules'], queryFn: () => api<Rule[]>(org, `/companies/${company}/rules`) });
  const [name, setName] = useState('');
  const [op, setOp] = useState('contains');
  const [text, setText] = useState('');
  const [sign, setSign] = useState('');
  const [party, setParty] = useState('');
  const [partyOp, setPartyOp] = useState('contains');
  const [min, setMin] = useState('');
  const [max, setMax] = useState('');
  const [onAccount, setOnAccount] = useState('');
  const [accountId, setAccountId] = useState('');
  const body = () => ({
    conditions: {
      ...(text ? { description: { op, value: text } } : {}),
      ...(party ? { counterparty: { op: partyOp, value: party } } : {}),
      ...(min ? { amountMinCents: toCents(min) } : {}),
      ...(max ? { amountMaxCents: toCents(max) } : {}),
      ...(sign ? { sign } : {}),
      ...(onAccount ? { bankAccountId: onAccount } : {}),
    },
    accountId,
  });
  const hasCondition = Boolean(text || party || min || max || sign || onAccount);
  const validAmounts = (!min || AMOUNT.test(min.trim())) && (!max || AMOUNT.test(max.trim()));
  const preview = useMutation({
    mutationFn: () => api<RulePreview>(org, `/companies/${company}/rules/preview`, 'POST', body()),
  });
  const save = useMutation({
    mutationFn: () => api(org, `/companies/${company}/rules`, 'POST', { name: name || text || party || 'Rule', priority: 100, ...body() }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['bk', org, company, 'rules'] }),
  });
  const apply = useMutation({
    mutationFn: (ruleId: string) => api<ApplyRuleResult>(org, `/companies/${company}/rules/${ruleId}/apply`, 'POST', {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['bk', org, company] }),
  });
  const err = preview.error ?? save.error ?? apply.error;
  return (
    <div>
      <div style={s.card}>
        <input placeholder="Rule name" value={name} onChange={(e) => setName(e.target.value)} /> description{' '}
        <select value={op} onChange={(e) => setOp(e.target.value)}>
          <option value="contains">contains</option>
          <option value="equals">equals</option>
          <option value="regex">matches regex</option>
        </select>{' '}
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="GITHUB" />{' '}
        <select value={sign} onChange={(e) => setSign(e.target.value)}>
          <option value="">in or out</option>
          <option value="in">money in</option>
          <option value="out">money out</option>
        </select>{' '}
        counterparty{' '}
        <select aria-label="Counterparty match" value={partyOp} onChange={(e) => setPartyOp(e.target.value)}>
          <option value="contains">contains</option>
          <option value="equals">equals</option>
          <option value="regex">matches regex</option>
        </select>{' '}
        <input aria-label="Counterparty" value={party} onChange={(e) => setParty(e.target.value)} style={{ width: 110 }} /> amount from{' '}
        <input aria-label="Amount from" value={min} onChange={(e) => setMin(e.target.value)} placeholder="-500.00" style={{ width: 70 }} /> to{' '}
        <input aria-label="Amount to" value={max} onChange={(e) => setMax(e.target.value)} placeholder="-10.00" style={{ width: 70 }} /> on{' '}
        <select aria-label="On bank account" value={onAccount} onChange={(e) => setOnAccount(e.target.value)}>
          <option value="">any bank account</option>
          {(accounts.data ?? [])
            .filter((a) => a.kind !== 'other')
            .map((a) => (
              <option key={a.id} value={a.id}>{`${a.code} ${a.name}`}</option>
            ))}
        </select>{' '}
        →{' '}
        <select value={accountId} onChange={(e) => setAccountId(e.target.value)}>
          <option value="">account…</option>
          {(accounts.data ?? [])
            .filter((a) => a.kind === 'other' && !a.archived)
            .map((a) => (
              <option key={a.id} value={a.id}>{`${a.code} ${a.name}`}</option>
            ))}
        </select>{' '}
        <button style={s.button} disabled={!hasCondition || !accountId || !validAmounts} onClick={() => preview.mutate()}>
          Preview
        </button>{' '}
        <button style={s.primary} disabled={!hasCondition || !accountId || !validAmounts} onClick={() => save.mutate()}>
          Save rule
        </button>
        {err && <p style={s.error}>{err.message}</p>}
        {apply.data && (
          <p>
            Applied: {apply.data.applied.length} lines posted, {apply.data.skipped.length} skipped (already approved, discarded, possible duplicates or locked)
            {apply.data.remaining > 0 ? `, ${apply.data.remaining} more to apply` : ''}.
          </p>
        )}
        {preview.data && (
          <div>
            <p>
              Matches {preview.data.matched} lines; would change {preview.data.wouldChange}; {preview.data.applicable} in review would be posted when the saved
              rule is applied.
            </p>
            <table style={s.table}>
              <tbody>
                {preview.data.sample.map((l) => (
                  <tr key={l.id}>
                    <td style={s.td}>{l.date}</td>
                    <td style={s.td}>{l.description}</td>
                    <td style={s.num}>{money(l.amountCents)}</td>
                    <td style={s.td}>
                      {l.current ? names.get(l.current) : '—'} → {names.get(accountId)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      <table style={s.table}>
        <thead>
          <tr>
            <th style={s.th}>Priority</th>
            <th style={s.th}>Name</th>
            <th style={s.th}>When</th>
            <th style={s.th}>Account</th>
            <th style={s.th}></th>
          </tr>
        </thead>
        <tbody>
          {(rules.data ?? []).map((r) => (
            <tr key={r.id}>
              <td style={s.num}>{r.priority}</td>
              <td style={s.td}>{r.name}</td>
              <td style={s.td}>{describeConditions(r.conditions, names)}</td>
              <td style={s.td}>{names.get(r.accountId)}</td>
              <td style={s.td}>
                <button style={s.button} disabled={apply.isPending} onClick={() => apply.mutate(r.id)}>
                  Apply to lines in review
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function describeConditions(c: Rule['conditions'], names: Map<string, string>): string {
  const parts: string[] = [];
  if (c.description) parts.push(`description ${c.description.op} "${c.description.value}"`);
  if (c.counterparty) parts.push(`counterparty ${c.counterparty.op} "${c.counterparty.value}"`);
  if (c.amountMinCents !== undefined) parts.push(`amount ≥ ${money(c.amountMinCents)}`);
  if (c.amountMaxCents !== undefined) parts.push(`amount ≤ ${money(c.amountMaxCents)}`);
  if (c.sign) parts.push(c.sign === 'in' ? 'money in' : 'money out');
  if (c.bankAccountId) parts.push(`on ${names.get(c.bankAccountId) ?? 'a bank account'}`);
  return parts.join(' and ');
}
