create table core.organizations (
  id uuid primary key default gen_random_uuid(),
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

create table core.users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email) and position('@' in email) > 1),
  name text not null,
  password_hash text,
  created_at timestamptz not null default now(),
  disabled_at timestamptz
);

create table core.memberships (
  org_id uuid not null references core.organizations(id) on delete cascade,
  user_id uuid not null references core.users(id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user_idx on core.memberships (user_id);

create table core.api_keys (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  owner_user_id uuid references core.users(id) on delete set null,
  owner_team text,
  name text not null,
  prefix text not null unique,
  last_four text not null,
  key_hash text not null,
  role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
  scopes text[] not null default '{}',
  metadata jsonb not null default '{}',
  expires_at timestamptz,
  revoked_at timestamptz,
  last_used_at timestamptz,
  created_at timestamptz not null default now(),
  created_by uuid references core.users(id) on delete set null
);
create index api_keys_org_idx on core.api_keys (org_id);

create table core.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references core.users(id) on delete cascade,
  token_hash text not null unique,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  user_agent text,
  ip text
);
create index sessions_user_idx on core.sessions (user_id);

-- The audit chain: one head row per organization serialises appends (select ... for update).
create table core.audit_heads (
  org_id uuid primary key references core.organizations(id) on delete cascade,
  last_seq bigint not null,
  last_hash text not null
);

create table core.audit_log (
  org_id uuid not null references core.organizations(id) on delete cascade,
  seq bigint not null,
  id uuid not null default gen_random_uuid(),
  at timestamptz not null,
  actor_type text not null,
  actor_id text,
  action text not null,
  target_type text,
  target_id text,
  data jsonb not null default '{}',
  request_id text,
  prev_hash text not null,
  hash text not null,
  primary key (org_id, seq)
);
create index audit_log_action_idx on core.audit_log (org_id, action);

create table core.jobs (
  id uuid primary key default gen_random_uuid(),
  org_id uuid references core.organizations(id) on delete cascade,
  name text not null,
  state text not null check (state in ('queued', 'running', 'succeeded', 'failed')),
  payload jsonb not null default '{}',
  progress_done bigint not null default 0,
  progress_total bigint,
  result jsonb,
  error jsonb,
  created_by text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index jobs_org_idx on core.jobs (org_id, created_at desc);
create index jobs_queued_idx on core.jobs (state, created_at) where state = 'queued';

-- Idempotency records for create endpoints (any module): same key and same request -> same answer.
create table core.idempotency_keys (
  org_id uuid not null references core.organizations(id) on delete cascade,
  key text not null,
  request_hash text not null,
  status_code int,
  response jsonb,
  created_at timestamptz not null default now(),
  primary key (org_id, key)
);
