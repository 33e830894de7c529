import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CompanyMember, CompanyRole } from '../contracts/index.ts';
import { api } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';

const ROLES: CompanyRole[] = ['viewer', 'bookkeeper', 'admin'];
const WHAT: Record<CompanyRole, string> = {
  viewer: 'reads the books and reports',
  bookkeeper: 'imports, reviews, reconciles, applies rules',
  admin: 'also manages rules, accounts, lock dates and members',
};

/** Who works on the company: link members of the organization with a role, change it, unlink. */
export function MembersPage({ org, company }: { org: string; company: string }) {
  const qc = useQueryClient();
  const members = useQuery({
    queryKey: ['bk', org, company, 'members'],
    queryFn: () => api<CompanyMember[]>(org, `/companies/${company}/members`),
  });
  const [message, setMessage] = useState('');
  const change = useMutation({
    mutationFn: (v: { member: CompanyMember; role: CompanyRole | '' }) =>
      v.role
        ? api(org, `/companies/${company}/users/${v.member.userId}`, 'PUT', { role: v.role })
        : api(org, `/companies/${company}/users/${v.member.userId}`, 'DELETE'),
    onSuccess: (_r, v) => {
      setMessage(v.role ? `${v.member.email} is now ${v.role} of this company.` : `${v.member.email} no longer sees this company.`);
      void qc.invalidateQueries({ queryKey: ['bk', org, company, 'members'] });
    },
    onError: (e) => setMessage(e.message),
  });
  if (members.error) return <p style={s.error}>{members.error.message}</p>;
  return (
    <div>
      <p style={s.muted}>
        Members without a role here do not see this company. Organization owners and admins are admins of every company.{' '}
        {ROLES.map((r) => `${r}: ${WHAT[r]}`).join(' · ')}
      </p>
      {message && <p role="status">{message}</p>}
      <table style={s.table}>
        <thead>
          <tr>
            <th style={s.th}>Member</th>
            <th style={s.th}>Email</th>
            <th style={s.th}>Organization role</th>
            <th style={s.th}>Role in this company</th>
          </tr>
        </thead>
        <tbody>
          {(members.data ?? []).map((m) => {
            const orgAdmin = m.orgRole === 'owner' || m.orgRole === 'admin';
            return (
              <tr key={m.userId} data-testid={`member-${m.email}`}>
                <td style={s.td}>{m.name}</td>
                <td style={s.td}>{m.email}</td>
                <td style={s.td}>{m.orgRole}</td>
                <td style={s.td}>
                  {orgAdmin ? (
                    'admin (organization ' + m.orgRole + ')'
                  ) : (
                    <select
                      aria-label={`Role of ${m.email}`}
                      value={m.companyRole ?? ''}
                      disabled={change.isPending}
                      onChange={(e) => change.mutate({ member: m, role: e.target.value as CompanyRole | '' })}
                    >
                      <option value="">no access</option>
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
