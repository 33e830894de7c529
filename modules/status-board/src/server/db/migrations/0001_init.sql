-- Status Board: an auto shop's day board. Every table is scoped by org_id; composite foreign keys
-- (org_id, x_id) make it impossible to point at another shop's records.
create schema status_board;

create table status_board.technicians (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  active boolean not null default true,
  daily_capacity_minutes integer not null default 480 check (daily_capacity_minutes between 0 and 1440),
  created_at timestamptz not null default now(),
  unique (org_id, id)
);

create table status_board.customers (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  phone text,
  email text,
  created_at timestamptz not null default now(),
  unique (org_id, id)
);
create index customers_org_name on status_board.customers (org_id, name);

create table status_board.vehicles (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  customer_id uuid not null,
  year integer check (year between 1900 and 2100),
  make text not null,
  model text not null,
  vin text,
  plate text,
  created_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, customer_id) references status_board.customers (org_id, id) on delete cascade
);
create index vehicles_org_customer on status_board.vehicles (org_id, customer_id);

create table status_board.services (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  code text not null check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
  name text not null check (length(name) between 1 and 200),
  price_cents bigint not null check (price_cents >= 0),
  duration_minutes integer not null check (duration_minutes between 0 and 1440),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  unique (org_id, code)
);

create table status_board.status_labels (
  org_id uuid not null references core.organizations(id) on delete cascade,
  status text not null,
  label text not null check (length(label) between 1 and 60),
  primary key (org_id, status)
);

create table status_board.appointments (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  date date not null,
  window_start time,
  window_end time,
  customer_id uuid not null,
  vehicle_id uuid,
  technician_id uuid,
  status text not null check (status in ('scheduled','en_route','checked_in','in_progress','waiting_parts','waiting_approval','ready','completed','no_show','cancelled')),
  promised_at timestamptz,
  notes text not null default '',
  version integer not null default 1,
  -- Fractional ordering key: byte-wise comparison, so the "C" collation.
  sort_key text collate "C" not null,
  status_changed_at timestamptz not null default now(),
  checked_in_at timestamptz,
  completed_at timestamptz,
  total_cents bigint not null default 0,
  duration_minutes integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, id),
  foreign key (org_id, customer_id) references status_board.customers (org_id, id),
  foreign key (org_id, vehicle_id) references status_board.vehicles (org_id, id),
  foreign key (org_id, technician_id) references status_board.technicians (org_id, id) on delete set null (technician_id),
  -- Deferrable so a column can be re-keyed in one statement.
  constraint appointments_column_key unique (org_id, date, status, sort_key) deferrable initially immediate,
  check (window_end is null or window_start is null or window_end >= window_start)
);
create index appointments_org_customer on status_board.appointments (org_id, customer_id);

create table status_board.appointment_lines (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  appointment_id uuid not null,
  service_id uuid,
  code text not null,
  name text not null,
  price_cents bigint not null check (price_cents >= 0),
  duration_minutes integer not null default 0,
  position integer not null,
  foreign key (org_id, appointment_id) references status_board.appointments (org_id, id) on delete cascade,
  foreign key (org_id, service_id) references status_board.services (org_id, id) on delete set null (service_id)
);
create index appointment_lines_appt on status_board.appointment_lines (appointment_id, position);

create table status_board.board_seq (
  org_id uuid not null references core.organizations(id) on delete cascade,
  date date not null,
  seq bigint not null,
  primary key (org_id, date)
);

create table status_board.appointment_events (
  id bigint generated always as identity primary key,
  org_id uuid not null references core.organizations(id) on delete cascade,
  appointment_id uuid not null,
  date date not null,
  seq bigint not null,
  kind text not null,
  from_status text,
  to_status text,
  sort_key text collate "C",
  version integer not null,
  after_id uuid,
  before_id uuid,
  actor_type text not null,
  actor_id text,
  at timestamptz not null default now(),
  foreign key (org_id, appointment_id) references status_board.appointments (org_id, id) on delete cascade
);
create index appointment_events_board on status_board.appointment_events (org_id, date, seq);
create index appointment_events_appt on status_board.appointment_events (appointment_id, version);

-- Bumped by edits that change what cards show without touching appointments (customer, vehicle,
-- technician, label); with board_seq it keys the per-process board and stats caches.
create table status_board.board_generation (
  org_id uuid primary key references core.organizations(id) on delete cascade,
  gen bigint not null
);
