import { apiFetch } from '@tessera/core/web';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, useAccounts } from './bookkeeping-api.ts';
import { s } from './bookkeeping-styles.ts';
import { ImportOptionsForm, type ImportOptions } from './import-options.tsx';

interface Job {
  state: string;
  progressDone: number;
  progressTotal: number | null;
  result: { linesAdded?: number; linesSkipped?: number; autoApproved?: number; inReview?: number; status?: string } | null;
  error: { message?: string } | null;
}

function toBase64(buf: ArrayBuffer): string {
  const bytes = new Uint8Array(buf);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

export function ImportPage({ org, company }: { org: string; company: string }) {
  const qc = useQueryClient();
  const accounts = useAccounts(org, company);
  const banks = (accounts.data ?? []).filter((a) => a.kind !== 'other');
  const [bank, setBank] = useState('');
  const [options, setOptions] = useState<ImportOptions>({});
  const [jobs, setJobs] = useState<{ file: string; jobId: string | null; error: string | null }[]>([]);
  const history = useQuery({
    queryKey: ['bk', org, company, 'imports'],
    queryFn: () =>
      api<
        {
          id: string;
          fileName: string;
          status: string;
          linesAdded: number;
          linesSkipped: number;
          autoApproved: number;
          errors: { line: number; message: string }[];
          createdAt: string;
        }[]
      >(org, `/companies/${company}/imports`),
    refetchInterval: 3000,
  });
  const upload = async (files: FileList | null) => {
    const account = bank || banks[0]?.id;
    if (!files || !account) return;
    for (const f of Array.from(files)) {
      try {
        const r = await api<{ jobId: string }>(org, `/companies/${company}/imports/json`, 'POST', {
          bankAccountId: account,
          fileName: f.name,
          contentBase64: toBase64(await f.arrayBuffer()),
          ...options,
        });
        setJobs((j) => [...j, { file: f.name, jobId: r.jobId, error: null }]);
      } catch (e) {
        setJobs((j) => [...j, { file: f.name, jobId: null, error: (e as Error).message }]);
      }
    }
    void qc.invalidateQueries({ queryKey: ['bk', org, company] });
  };
  return (
    <div>
      <div style={s.card}>
        Bank account{' '}
        <select value={bank} onChange={(e) => setBank(e.target.value)}>
          {banks.map((a) => (
            <option key={a.id} value={a.id}>{`${a.code} ${a.name}`}</option>
          ))}
        </select>{' '}
        <input type="file" multiple accept=".csv,.tsv,.ssv,.ofx,.qfx,.txt" onChange={(e) => void upload(e.target.files)} />
        <ImportOptionsForm onChange={setOptions} />
        <p style={s.muted}>
          CSV (any bank layout; delimiter, header, date format, decimal comma and encoding are detected), OFX or QFX. Each file is all-or-nothing; re-imports
          add only new lines.
        </p>
        {jobs.map((j, i) =>
          j.jobId ? (
            <JobRow key={i} org={org} file={j.file} jobId={j.jobId} />
          ) : (
            <p key={i} style={s.error}>
              {j.file}: {j.error}
            </p>
          ),
        )}
      </div>
      <table style={s.table}>
        <thead>
          <tr>
            <th style={s.th}>When</th>
            <th style={s.th}>File</th>
            <th style={s.th}>Status</th>
            <th style={s.th}>Added</th>
            <th style={s.th}>Already known</th>
            <th style={s.th}>Auto-approved</th>
            <th style={s.th}>Errors</th>
          </tr>
        </thead>
        <tbody>
          {(history.data ?? []).map((h) => (
            <tr key={h.id}>
              <td style={s.td}>{h.createdAt.slice(0, 19)}</td>
              <td style={s.td}>{h.fileName}</td>
              <td style={s.td}>{h.status}</td>
              <td style={s.num}>{h.linesAdded}</td>
              <td style={s.num}>{h.linesSkipped}</td>
              <td style={s.num}>{h.autoApproved}</td>
              <td style={s.td}>
                {h.errors
                  .slice(0, 3)
                  .map((e) => `line ${e.line}: ${e.message}`)
                  .join('; ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function JobRow({ org, file, jobId }: { org: string; file: string; jobId: string }) {
  const job = useQuery({
    queryKey: ['job', jobId],
    queryFn: () => apiFetch<Job>(`/api/jobs/${jobId}`, { org }),
    refetchInterval: (q) => (q.state.data && (q.state.data.state === 'succeeded' || q.state.data.state === 'failed') ? false : 500),
  });
  const j = job.data;
  const total = j?.progressTotal ?? null;
  const finished = j?.state === 'succeeded' || j?.state === 'failed';
  // the total is an estimate from the bytes read until the last line is stored
  const counted = j
    ? `· ${j.progressDone.toLocaleString()}${total ? ` of ${finished || total === j.progressDone ? '' : '~'}${total.toLocaleString()}` : ''} lines`
    : '';
  return (
    <p data-testid={`job-${file}`}>
      {file}: {j?.state ?? 'queued'}{' '}
      {j?.state === 'running' || j?.state === 'queued' ? <progress max={total ?? undefined} value={total ? j.progressDone : undefined} /> : null} {counted}{' '}
      {j?.state === 'succeeded' && j.result
        ? `· ${j.result.status}: ${j.result.linesAdded} added, ${j.result.linesSkipped} known, ${j.result.autoApproved} auto-approved, ${j.result.inReview} to review`
        : ''}
      {j?.state === 'failed' ? <span style={s.error}> · {j.error?.message}</span> : null}
    </p>
  );
}
