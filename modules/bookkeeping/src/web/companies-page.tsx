import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, type Company } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

const INDUSTRIES: Company['industry'][] = ['coffee_shop', 'web_agency', 'childcare', 'real_estate', 'accounting_practice'];

export function CompaniesPage({ org }: { org: string }) {
  const qc = useQueryClient();
  const q = useQuery({ queryKey: ['bk', org, 'companies'], queryFn: () => api<Company[]>(org, '/companies') });
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [industry, setIndustry] = useState<Company['industry']>('coffee_shop');
  const create = useMutation({
    mutationFn: () => api<Company>(org, '/companies', 'POST', { name, slug, industry }),
    onSuccess: () => {
      setName('');
      setSlug('');
      void qc.invalidateQueries({ queryKey: ['bk', org, 'companies'] });
    },
  });
  if (q.error) return <p style={s.error}>{q.error.message}</p>;
  return (
    <div>
      <h2>Companies</h2>
      <div style={s.card}>
        <input
          aria-label="Company name"
          placeholder="Company name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setSlug(
              e.target.value
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, '-')
                .replace(/^-+|-+$/g, '')
                .slice(0, 63),
            );
          }}
        />{' '}
        <input aria-label="Company slug" placeholder="slug" value={slug} onChange={(e) => setSlug(e.target.value)} />{' '}
        <select aria-label="Chart of accounts template" value={industry} onChange={(e) => setIndustry(e.target.value as Company['industry'])}>
          {INDUSTRIES.map((i) => (
            <option key={i} value={i}>
              {i.replace('_', ' ')} chart
            </option>
          ))}
        </select>{' '}
        <button style={s.primary} disabled={!name || !slug || create.isPending} onClick={() => create.mutate()}>
          Add company
        </button>
        {create.error && <p style={s.error}>{create.error.message}</p>}
      </div>
      <table style={s.table}>
        <thead>
          <tr>
            <th style={s.th}>Company</th>
            <th style={s.th}>Industry</th>
            <th style={s.th}>Lines</th>
            <th style={s.th}>To review</th>
            <th style={s.th}>Auto-approve at</th>
            <th style={s.th}>Locked through</th>
          </tr>
        </thead>
        <tbody>
          {(q.data ?? []).map((c) => (
            <tr key={c.id}>
              <td style={s.td}>
                <Link to={`${c.slug}/transactions`}>{c.name}</Link>
              </td>
              <td style={s.td}>{c.industry.replace('_', ' ')}</td>
              <td style={s.num}>{c.lineCount}</td>
              <td style={s.num}>{c.reviewCount ? <Link to={`${c.slug}/review`}>{c.reviewCount}</Link> : 0}</td>
              <td style={s.num}>{Math.round(c.autoThreshold * 100)}%</td>
              <td style={s.td}>{c.lockDate ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
