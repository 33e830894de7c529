import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Account, Company } from '../contracts/index.ts';
import { api, useAccounts } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

const TYPES: Account['type'][] = ['asset', 'liability', 'equity', 'income', 'expense'];

/** What a company admin sets: the auto-approval threshold, the lock date and the chart of accounts. */
export function SettingsPage({ org, company }: { org: string; company: string }) {
  const qc = useQueryClient();
  const c = useQuery({ queryKey: ['bk', org, company, 'company'], queryFn: () => api<Company>(org, `/companies/${company}`) });
  const accounts = useAccounts(org, company);
  const [message, setMessage] = useState('');
  const done = (text: string) => () => {
    setMessage(text);
    void qc.invalidateQueries({ queryKey: ['bk', org, company] });
  };
  const fail = (e: Error) => setMessage(e.message);
  const [threshold, setThreshold] = useState('');
  const [lockDate, setLockDate] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [type, setType] = useState<Account['type']>('expense');
  const [kind, setKind] = useState<Account['kind']>('other');
  const saveThreshold = useMutation({
    mutationFn: () => api(org, `/companies/${company}`, 'PATCH', { autoThreshold: Number(threshold) / 100 }),
    onSuccess: done(`Lines at or above ${threshold}% confidence are now approved automatically.`),
    onError: fail,
  });
  const saveLock = useMutation({
    mutationFn: (date: string | null) => api(org, `/companies/${company}/lock-date`, 'PUT', { lockDate: date }),
    onSuccess: (_r, date) => done(date ? `The books are locked through ${date}.` : 'The books are unlocked.')(),
    onError: fail,
  });
  const addAccount = useMutation({
    mutationFn: () => api(org, `/companies/${company}/accounts`, 'POST', { code, name, type, kind }),
    onSuccess: () => {
      done(`Account ${code} ${name} added.`)();
      setCode('');
      setName('');
    },
    onError: fail,
  });
  const archive = useMutation({
    mutationFn: (a: Account) => api(org, `/companies/${company}/accounts/${a.id}`, 'PATCH', { archived: !a.archived }),
    onSuccess: (_r, a) => done(`${a.code} ${a.name} ${a.archived ? 'restored' : 'archived'}.`)(),
    onError: fail,
  });
  if (c.error) return <p style={s.error}>{c.error.message}</p>;
  const current = c.data;
  return (
    <div>
      {message && <p role="status">{message}</p>}
      <div style={s.card}>
        <label>
          Auto-approve at{' '}
          <input
            aria-label="Auto-approval threshold (%)"
            type="number"
            min={0}
            max={100}
            style={{ width: 60 }}
            placeholder={current ? String(Math.round(current.autoThreshold * 100)) : ''}
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
          />
          %
        </label>{' '}
        <button style={s.button} disabled={threshold === ''} onClick={() => saveThreshold.mutate()}>
          Save threshold
        </button>
        <span style={s.muted}> Lines below it wait in the review queue.</span>
      </div>
      <div style={s.card}>
        Locked through <strong>{current?.lockDate ?? 'nothing (open)'}</strong>{' '}
        <input aria-label="Lock date" type="date" value={lockDate} onChange={(e) => setLockDate(e.target.value)} />{' '}
        <button style={s.button} disabled={!lockDate} onClick={() => saveLock.mutate(lockDate)}>
          Lock the books through this date
        </button>{' '}
        {current?.lockDate ? (
          <button style={s.button} onClick={() => saveLock.mutate(null)}>
            Unlock
          </button>
        ) : null}
        <span style={s.muted}> Nothing can be posted on or before the lock date.</span>
      </div>
      <div style={s.card}>
        <input aria-label="New account code" placeholder="Code" value={code} onChange={(e) => setCode(e.target.value)} style={{ width: 70 }} />{' '}
        <input aria-label="New account name" placeholder="Name" value={name} onChange={(e) => setName(e.target.value)} />{' '}
        <select aria-label="New account type" value={type} onChange={(e) => setType(e.target.value as Account['type'])}>
          {TYPES.map((t) => (
            <option key={t}>{t}</option>
          ))}
        </select>{' '}
        <select aria-label="New account kind" value={kind} onChange={(e) => setKind(e.target.value as Account['kind'])}>
          <option value="other">category</option>
          <option value="bank">bank account</option>
          <option value="card">card account</option>
        </select>{' '}
        <button style={s.primary} disabled={!code || !name} onClick={() => addAccount.mutate()}>
          Add account
        </button>
      </div>
      <table style={s.table}>
        <thead>
          <tr>
            <th style={s.th}>Code</th>
            <th style={s.th}>Name</th>
            <th style={s.th}>Type</th>
            <th style={s.th}>Kind</th>
            <th style={s.th}></th>
          </tr>
        </thead>
        <tbody>
          {(accounts.data ?? []).map((a) => (
            <tr key={a.id} style={{ color: a.archived ? '#8a93a6' : undefined }}>
              <td style={s.td}>{a.code}</td>
              <td style={s.td}>{a.name}</td>
              <td style={s.td}>{a.type}</td>
              <td style={s.td}>{a.kind === 'other' ? 'category' : a.kind}</td>
              <td style={s.td}>
                <button style={s.button} onClick={() => archive.mutate(a)}>
                  {a.archived ? 'Restore' : 'Archive'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
