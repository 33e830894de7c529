import type { Database } from '@tessera/core';

export type UsageDimension = 'day' | 'model' | 'provider' | 'key' | 'team';

const COLUMN: Record<UsageDimension, string> = {
  day: "to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD')",
  model: 'model',
  provider: "coalesce(provider, 'none')",
  key: "coalesce(api_key_id::text, 'none')",
  team: "coalesce(team_id::text, 'none')",
};

/** Spend and tokens grouped by one dimension over a period (from the batched request log). */
export async function usageBy(database: Database, orgId: string, by: UsageDimension, from: string, to: string) {
  return database.query<{
    bucket: string;
    requests: string;
    errors: string;
    prompt_tokens: string;
    completion_tokens: string;
    cost_micros: string;
    cached: string;
  }>(
    `select ${COLUMN[by]} as bucket, count(*)::text as requests, count(*) filter (where status >= 400)::text as errors,
       coalesce(sum(prompt_tokens), 0)::text as prompt_tokens, coalesce(sum(completion_tokens), 0)::text as completion_tokens,
       coalesce(sum(cost_micros), 0)::text as cost_micros, count(*) filter (where cached)::text as cached
     from gateway.request_logs where org_id = $1 and created_at >= $2::timestamptz and created_at < $3::timestamptz
     group by 1 order by 1 limit 1000`,
    [orgId, from, to],
  );
}

export async function recentRequests(database: Database, orgId: string, limit: number) {
  return database.query(
    // Ordered by the table's bigint id (qualified): a bare `id` would name the text output column and
    // sort "9" above "10".
    `select l.id::text as id, l.request_id, l.api_key_id, l.team_id, l.source, l.model, l.provider, l.status, l.error_code, l.prompt_tokens, l.completion_tokens,
       l.cost_micros::text as cost_micros, l.latency_ms, l.attempts, l.cached, l.streamed, l.guardrail_action, l.created_at
     from gateway.request_logs l where l.org_id = $1 order by l.id desc limit $2`,
    [orgId, limit],
  );
}
