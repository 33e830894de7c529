create schema gateway;

create table gateway.teams (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  created_at timestamptz not null default now(),
  unique (org_id, name)
);

-- A provider account of an organization; the credential is a SecretBox envelope bound to (org, provider id).
create table gateway.providers (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  name text not null check (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  kind text not null check (kind in ('offline','openai','azure','anthropic','gemini','mistral','groq','together','openrouter','ollama','openai-compatible')),
  base_url text,
  credential text,
  config jsonb not null default '{}'::jsonb,
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  unique (org_id, name)
);

create table gateway.routes (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  name text not null,
  priority integer not null default 100,
  match jsonb not null default '{}'::jsonb,
  targets jsonb not null,
  retries integer not null default 1 check (retries between 0 and 5),
  timeout_ms integer not null default 60000 check (timeout_ms between 100 and 600000),
  enabled boolean not null default true,
  created_at timestamptz not null default now(),
  unique (org_id, name)
);

create table gateway.aliases (
  org_id uuid not null references core.organizations(id) on delete cascade,
  alias text not null,
  target text not null,
  primary key (org_id, alias)
);

create table gateway.prices (
  org_id uuid not null references core.organizations(id) on delete cascade,
  model text not null,
  input_micros_per_m bigint not null check (input_micros_per_m >= 0),
  output_micros_per_m bigint not null check (output_micros_per_m >= 0),
  updated_at timestamptz not null default now(),
  primary key (org_id, model)
);

create table gateway.key_settings (
  api_key_id uuid primary key references core.api_keys(id) on delete cascade,
  org_id uuid not null references core.organizations(id) on delete cascade,
  team_id uuid references gateway.teams(id) on delete set null,
  rpm integer check (rpm > 0),
  tpm integer check (tpm > 0),
  allowed_models text[],
  guardrails jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now()
);

-- Prepaid wallets: balance is what is left; reserved is held by requests in flight.
create table gateway.wallets (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  scope_type text not null check (scope_type in ('org','team','key')),
  scope_id uuid not null,
  balance_micros bigint not null default 0,
  reserved_micros bigint not null default 0 check (reserved_micros >= 0),
  created_at timestamptz not null default now(),
  unique (org_id, scope_type, scope_id)
);

create table gateway.wallet_ledger (
  id bigserial primary key,
  org_id uuid not null references core.organizations(id) on delete cascade,
  wallet_id uuid not null references gateway.wallets(id) on delete cascade,
  kind text not null check (kind in ('topup','charge','adjustment')),
  amount_micros bigint not null,
  request_id text,
  note text,
  created_at timestamptz not null default now()
);
create index wallet_ledger_wallet on gateway.wallet_ledger (wallet_id, id);

create function gateway.ledger_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'gateway.wallet_ledger is append-only' using errcode = '23514';
end $$;
-- statement-break
create trigger wallet_ledger_no_update before update or delete on gateway.wallet_ledger
  for each row when (pg_trigger_depth() = 0) execute function gateway.ledger_append_only();

-- Reserves `amount` on every wallet or on none, in one statement; rows are locked in id order so
-- concurrent reservations over overlapping wallets cannot deadlock.
create function gateway.reserve(ids uuid[], amount bigint) returns boolean language plpgsql as $$
declare
  total integer;
  fits integer;
  updated integer;
begin
  select count(*), count(*) filter (where l.balance_micros - l.reserved_micros >= amount) into total, fits
    from (select balance_micros, reserved_micros from gateway.wallets where id = any(ids) order by id for update) l;
  if fits < total then
    return false;
  end if;
  update gateway.wallets set reserved_micros = reserved_micros + amount
    where id = any(ids) and balance_micros - reserved_micros >= amount;
  get diagnostics updated = row_count;
  if updated < total then
    raise exception 'wallet changed under lock' using errcode = '40001';
  end if;
  return true;
end $$;

create table gateway.request_logs (
  id bigserial primary key,
  org_id uuid not null references core.organizations(id) on delete cascade,
  request_id text not null,
  api_key_id uuid,
  team_id uuid,
  user_id uuid,
  source text not null,
  model text not null,
  provider text,
  status integer not null,
  error_code text,
  prompt_tokens integer not null default 0,
  completion_tokens integer not null default 0,
  cost_micros bigint not null default 0,
  latency_ms integer not null default 0,
  attempts integer not null default 0,
  cached boolean not null default false,
  streamed boolean not null default false,
  guardrail_action text,
  created_at timestamptz not null default now()
);
create index request_logs_org_time on gateway.request_logs (org_id, created_at);
