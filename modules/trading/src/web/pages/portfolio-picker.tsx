import { useEffect } from 'react';
import { usePortfolios } from '../use-trading-api.ts';

export function PortfolioPicker({ org, value, onChange }: { org: string; value: string | null; onChange: (id: string) => void }) {
  const q = usePortfolios(org);
  const first = q.data?.portfolios[0]?.id;
  useEffect(() => {
    if (!value && first) onChange(first);
  }, [value, first, onChange]);
  return (
    <label>
      Portfolio{' '}
      <select value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {(q.data?.portfolios ?? []).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name} ({p.costMethod.toUpperCase()}, {p.quoteCurrency})
          </option>
        ))}
      </select>
    </label>
  );
}
