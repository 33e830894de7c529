import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, type Company } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

export function CompaniesPage({ org }: { org: string }) {
  const q = useQuery({ queryKey: ['bk', org, 'companies'], queryFn: () => api<Company[]>(org, '/companies') });
  if (q.error) return <p style={s.error}>{q.error.message}</p>;
  return (
    <div>
      <h2>Companies</h2>
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
