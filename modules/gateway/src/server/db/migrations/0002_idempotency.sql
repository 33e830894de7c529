-- Idempotency-Key on the /v1 endpoints: one row per (organization, caller, key). A row is claimed
-- 'pending' before the provider call (no transaction is held across it) and holds the answer once
-- 'done'; failed calls delete their row so a retry runs again.
create table gateway.idempotent_requests (
  org_id uuid not null references core.organizations(id) on delete cascade,
  caller text not null,
  key text not null,
  request_hash text not null,
  state text not null check (state in ('pending', 'done')),
  status int,
  response text,
  headers jsonb,
  created_at timestamptz not null default now(),
  primary key (org_id, caller, key)
);
create index idempotent_requests_created_idx on gateway.idempotent_requests (created_at);
