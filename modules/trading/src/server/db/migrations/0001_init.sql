-- Oh My Coins. Decimals are numeric(48,18): 30 integer digits and the 18 places of the engine's
-- BigInt fixed point; drivers return them as text, so no float ever touches a quantity or price.
create schema trading;

create table trading.assets (
  org_id uuid not null references core.organizations(id) on delete cascade,
  symbol text not null check (symbol ~ '^[A-Z0-9]{2,12}$'),
  name text not null,
  kind text not null default 'crypto' check (kind in ('crypto', 'fiat')),
  created_at timestamptz not null default now(),
  primary key (org_id, symbol)
);

create table trading.portfolios (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  user_id uuid not null,
  name text not null,
  quote_currency text not null default 'USD',
  cost_method text not null check (cost_method in ('fifo', 'lifo', 'hifo', 'avg')),
  created_at timestamptz not null default now(),
  unique (org_id, user_id, name)
);
create index portfolios_org_user on trading.portfolios (org_id, user_id);

create table trading.trades (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  portfolio_id uuid not null references trading.portfolios(id) on delete cascade,
  seq bigserial,
  asset text not null,
  side text not null check (side in ('buy', 'sell')),
  quantity numeric(48, 18) not null check (quantity > 0),
  price numeric(48, 18) not null check (price >= 0),
  fee numeric(48, 18) not null default 0 check (fee >= 0),
  fee_asset text not null,
  executed_at timestamptz not null,
  venue text,
  external_id text,
  source text not null default 'manual',
  order_id uuid,
  created_at timestamptz not null default now(),
  unique (portfolio_id, external_id)
);
create index trades_portfolio_time on trading.trades (portfolio_id, executed_at, seq);

create table trading.transfers (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  portfolio_id uuid not null references trading.portfolios(id) on delete cascade,
  kind text not null check (kind in ('deposit', 'withdrawal')),
  asset text not null,
  amount numeric(48, 18) not null check (amount > 0),
  at timestamptz not null,
  note text,
  created_at timestamptz not null default now()
);

create table trading.prices (
  org_id uuid not null references core.organizations(id) on delete cascade,
  asset text not null,
  ts timestamptz not null,
  open numeric(48, 18) not null check (open >= 0),
  high numeric(48, 18) not null check (high >= 0),
  low numeric(48, 18) not null check (low >= 0),
  close numeric(48, 18) not null check (close >= 0),
  volume numeric(48, 18) not null default 0 check (volume >= 0),
  source text not null default 'import',
  primary key (org_id, asset, ts)
);

-- Incremental position state: one row per (portfolio, asset), updated with every trade.
create table trading.positions (
  org_id uuid not null references core.organizations(id) on delete cascade,
  portfolio_id uuid not null references trading.portfolios(id) on delete cascade,
  asset text not null,
  quantity numeric(48, 18) not null,
  cost_basis numeric(48, 18) not null,
  realized numeric(48, 18) not null,
  state jsonb not null,
  last_trade_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (portfolio_id, asset)
);

create table trading.strategies (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  user_id uuid not null,
  portfolio_id uuid not null references trading.portfolios(id) on delete cascade,
  name text not null,
  kind text not null check (kind in ('dca', 'ma_crossover')),
  asset text not null,
  params jsonb not null,
  max_exposure numeric(48, 18) not null check (max_exposure >= 0),
  enabled boolean not null default true,
  cursor_ts timestamptz,
  created_at timestamptz not null default now()
);

-- Per-user limits (quote currency amounts), versioned: every change writes a new version.
create table trading.risk_limits (
  org_id uuid not null references core.organizations(id) on delete cascade,
  user_id uuid not null,
  version integer not null,
  max_position_notional numeric(48, 18) not null check (max_position_notional >= 0),
  max_order_notional numeric(48, 18) not null check (max_order_notional >= 0),
  max_open_orders integer not null check (max_open_orders >= 0),
  max_daily_loss numeric(48, 18) not null check (max_daily_loss >= 0),
  created_at timestamptz not null default now(),
  created_by text,
  primary key (org_id, user_id, version)
);

-- The row every order locks (select ... for update): reservations and the day's peak equity.
create table trading.risk_state (
  org_id uuid not null references core.organizations(id) on delete cascade,
  user_id uuid not null,
  reserved_notional numeric(48, 18) not null default 0,
  open_orders integer not null default 0,
  day date,
  day_peak_equity numeric(48, 18),
  primary key (org_id, user_id)
);

create table trading.kill_switches (
  org_id uuid not null references core.organizations(id) on delete cascade,
  scope text not null check (scope in ('user', 'global')),
  -- the nil uuid stands for the global switch
  user_id uuid not null,
  mode text not null check (mode in ('off', 'soft', 'hard')),
  reason text not null,
  changed_by text,
  changed_at timestamptz not null default now(),
  primary key (org_id, scope, user_id)
);

create table trading.orders (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  user_id uuid not null,
  portfolio_id uuid not null references trading.portfolios(id) on delete cascade,
  strategy_id uuid references trading.strategies(id) on delete set null,
  asset text not null,
  side text not null check (side in ('buy', 'sell')),
  type text not null check (type in ('market', 'limit')),
  quantity numeric(48, 18) not null check (quantity > 0),
  limit_price numeric(48, 18) check (limit_price >= 0),
  filled_quantity numeric(48, 18) not null default 0,
  reserved_notional numeric(48, 18) not null default 0,
  status text not null check (status in ('open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'proposed')),
  reject_code text,
  source text not null default 'user',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index orders_user_status on trading.orders (org_id, user_id, status);

create table trading.credentials (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  user_id uuid not null,
  provider text not null check (provider in ('openai', 'anthropic', 'gemini', 'openai-compatible')),
  label text not null,
  base_url text,
  ciphertext text not null,
  last_four text not null,
  default_model text,
  fallback_model text,
  is_default boolean not null default false,
  verification text not null check (verification in ('valid', 'invalid', 'rate_limited', 'unverified')),
  verification_detail text,
  created_at timestamptz not null default now(),
  last_used_at timestamptz
);
create index credentials_user on trading.credentials (org_id, user_id);

create table trading.agent_sessions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  user_id uuid not null,
  portfolio_id uuid references trading.portfolios(id) on delete set null,
  credential_id uuid references trading.credentials(id) on delete set null,
  question text not null,
  model text not null,
  status text not null check (status in ('running', 'completed', 'failed')),
  answer text,
  error_code text,
  total_tokens integer not null default 0,
  cost_micros bigint not null default 0,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);

create table trading.agent_steps (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  session_id uuid not null references trading.agent_sessions(id) on delete cascade,
  n integer not null,
  kind text not null check (kind in ('plan', 'tool_call', 'answer', 'error')),
  tool text,
  input jsonb,
  output jsonb,
  tokens integer not null default 0,
  cost_micros bigint not null default 0,
  model text,
  created_at timestamptz not null default now(),
  unique (session_id, n)
);
