-- AI Bookkeeper: companies, chart of accounts, bank imports, categorization, double-entry ledger.
create schema bookkeeping;

create table bookkeeping.companies (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name text not null check (length(name) between 1 and 200),
  industry text not null check (industry in ('coffee_shop','web_agency','childcare','real_estate','accounting_practice')),
  auto_threshold numeric(5,4) not null default 0.9000 check (auto_threshold >= 0 and auto_threshold <= 1),
  lock_date date,
  created_at timestamptz not null default now(),
  unique (org_id, slug),
  unique (id, org_id)
);

create table bookkeeping.company_users (
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  user_id uuid not null references core.users(id) on delete cascade,
  role text not null check (role in ('viewer','bookkeeper','admin')),
  created_at timestamptz not null default now(),
  primary key (company_id, user_id)
);

create table bookkeeping.accounts (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  code text not null check (code ~ '^[0-9A-Za-z.-]{1,20}$'),
  name text not null check (length(name) between 1 and 200),
  type text not null check (type in ('asset','liability','equity','income','expense')),
  kind text not null default 'other' check (kind in ('bank','card','other')),
  archived boolean not null default false,
  unique (company_id, code)
);
create index accounts_company_idx on bookkeeping.accounts (company_id);

create table bookkeeping.imports (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  bank_account_id uuid not null references bookkeeping.accounts(id),
  file_name text not null,
  file_hash text not null,
  format text not null,
  status text not null check (status in ('completed','duplicate','failed')),
  lines_total integer not null default 0,
  lines_added integer not null default 0,
  lines_skipped integer not null default 0,
  auto_approved integer not null default 0,
  errors jsonb not null default '[]',
  created_by uuid,
  created_at timestamptz not null default now()
);
create index imports_company_idx on bookkeeping.imports (company_id, created_at desc);
create index imports_hash_idx on bookkeeping.imports (bank_account_id, file_hash) where status = 'completed';

create table bookkeeping.rules (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  name text not null,
  priority integer not null default 100,
  conditions jsonb not null,
  account_id uuid not null references bookkeeping.accounts(id),
  enabled boolean not null default true,
  created_at timestamptz not null default now()
);
create index rules_company_idx on bookkeeping.rules (company_id, priority);

create table bookkeeping.journal_entries (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  entry_date date not null,
  memo text not null default '',
  status text not null default 'posted' check (status in ('draft','posted')),
  bank_line_id uuid,
  reverses_id uuid references bookkeeping.journal_entries(id),
  -- set by bulk posting: the entry and its lines come in one statement and are checked set-based
  -- at its end (trigger 2b) instead of one by one at commit; it can only be set on insert
  checked_in_statement boolean not null default false,
  created_at timestamptz not null default now()
);
create index journal_entries_company_idx on bookkeeping.journal_entries (company_id, entry_date);
create index journal_entries_line_idx on bookkeeping.journal_entries (bank_line_id) where bank_line_id is not null;
create unique index journal_entries_reversal_once on bookkeeping.journal_entries (reverses_id) where reverses_id is not null;

create table bookkeeping.journal_lines (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  entry_id uuid not null references bookkeeping.journal_entries(id) on delete cascade,
  account_id uuid not null references bookkeeping.accounts(id),
  entry_date date not null,
  -- positive = debit, negative = credit
  amount_cents bigint not null check (amount_cents <> 0)
);
create index journal_lines_entry_idx on bookkeeping.journal_lines (entry_id);
create index journal_lines_company_date_idx on bookkeeping.journal_lines (company_id, entry_date, account_id);

create table bookkeeping.bank_lines (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  bank_account_id uuid not null references bookkeeping.accounts(id),
  -- hot-path columns below are checked by the import code, not by foreign keys: each foreign key
  -- costs a lookup per inserted row, and bulk import is the throughput-critical path
  import_id uuid not null,
  line_no integer not null,
  txn_date date not null,
  amount_cents bigint not null,
  description text not null,
  counterparty text not null default '',
  bank_ref text,
  dedupe_key text not null,
  occurrence integer not null check (occurrence >= 1),
  raw text not null default '',
  status text not null check (status in ('review','approved')),
  predicted_account_id uuid,
  confidence numeric(5,4),
  source text not null check (source in ('rule','memory','model','llm','none')),
  rule_id uuid,
  approved_account_id uuid,
  review_outcome text check (review_outcome in ('auto','approved','corrected')),
  reviewed_at timestamptz,
  created_at timestamptz not null default now(),
  unique (bank_account_id, dedupe_key, occurrence)
);
create index bank_lines_company_date_idx on bookkeeping.bank_lines (company_id, txn_date desc, id);
create index bank_lines_review_idx on bookkeeping.bank_lines (company_id, status) where status = 'review';

create table bookkeeping.review_decisions (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  bank_line_id uuid not null references bookkeeping.bank_lines(id) on delete cascade,
  predicted_account_id uuid,
  chosen_account_id uuid not null references bookkeeping.accounts(id),
  outcome text not null check (outcome in ('approved','corrected')),
  was_auto boolean not null default false,
  duration_ms integer,
  decided_by uuid,
  created_at timestamptz not null default now()
);
create index review_decisions_company_idx on bookkeeping.review_decisions (company_id);

create table bookkeeping.period_locks (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  lock_date date,
  set_by uuid,
  created_at timestamptz not null default now()
);

create table bookkeeping.reconciliations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references core.organizations(id) on delete cascade,
  company_id uuid not null references bookkeeping.companies(id) on delete cascade,
  bank_account_id uuid not null references bookkeeping.accounts(id),
  period_start date not null,
  period_end date not null check (period_end >= period_start),
  ending_balance_cents bigint not null,
  status text not null default 'open' check (status in ('open','closed')),
  created_at timestamptz not null default now()
);

create table bookkeeping.reconciliation_matches (
  reconciliation_id uuid not null references bookkeeping.reconciliations(id) on delete cascade,
  org_id uuid not null references core.organizations(id) on delete cascade,
  bank_line_id uuid not null references bookkeeping.bank_lines(id) on delete cascade,
  journal_entry_id uuid not null references bookkeeping.journal_entries(id) on delete cascade,
  method text not null check (method in ('auto','manual')),
  primary key (reconciliation_id, bank_line_id),
  unique (reconciliation_id, journal_entry_id)
);

-- The ledger's invariants live in the database so no code path can break them.
-- (1) At commit, every posted entry that was inserted or changed in the transaction has at least
--     two lines summing to zero: a deferred constraint trigger.
create function bookkeeping.check_entry_balanced() returns trigger language plpgsql as $$
declare
  total numeric;
  n integer;
begin
  select coalesce(sum(amount_cents), 0), count(*) into total, n from bookkeeping.journal_lines where entry_id = new.id;
  if total <> 0 or n < 2 then
    raise exception 'journal entry % is unbalanced (sum % over % lines)', new.id, total, n using errcode = '23514';
  end if;
  return null;
end $$;
-- statement-break
create constraint trigger journal_entries_balanced after insert or update on bookkeeping.journal_entries
  deferrable initially deferred for each row when (new.status = 'posted' and not new.checked_in_statement) execute function bookkeeping.check_entry_balanced();
-- statement-break
-- (2b) Entries posted in bulk are checked at the end of their statement, all at once.
create function bookkeeping.check_bulk_entries_balanced() returns trigger language plpgsql as $$
declare
  bad uuid;
begin
  select n.id into bad from new_rows n
  left join bookkeeping.journal_lines l on l.entry_id = n.id
  where n.checked_in_statement and n.status = 'posted'
  group by n.id having coalesce(sum(l.amount_cents), 0) <> 0 or count(l.id) < 2 limit 1;
  if bad is not null then
    raise exception 'journal entry % is unbalanced', bad using errcode = '23514';
  end if;
  return null;
end $$;
-- statement-break
create trigger journal_entries_bulk_balanced after insert on bookkeeping.journal_entries
  referencing new table as new_rows for each statement execute function bookkeeping.check_bulk_entries_balanced();
-- statement-break
-- (2) Lines added to a posted entry must leave it balanced at the end of the statement
--     (set-based over the statement's new rows, so bulk imports pay one check, not one per row).
create function bookkeeping.check_new_lines_balanced() returns trigger language plpgsql as $$
declare
  bad uuid;
begin
  select l.entry_id into bad
  from (select distinct entry_id from new_rows) t
  join bookkeeping.journal_entries e on e.id = t.entry_id and e.status = 'posted'
  join bookkeeping.journal_lines l on l.entry_id = t.entry_id
  group by l.entry_id having sum(l.amount_cents) <> 0 or count(*) < 2 limit 1;
  if bad is not null then
    raise exception 'journal entry % is unbalanced', bad using errcode = '23514';
  end if;
  return null;
end $$;
-- statement-break
create trigger journal_lines_balanced after insert on bookkeeping.journal_lines
  referencing new table as new_rows for each statement execute function bookkeeping.check_new_lines_balanced();
-- statement-break
-- (3) Nothing is posted on or before the company's lock date.
create function bookkeeping.check_lock_date() returns trigger language plpgsql as $$
declare
  hit date;
begin
  select c.lock_date into hit from new_rows n join bookkeeping.companies c on c.id = n.company_id
  where c.lock_date is not null and n.entry_date <= c.lock_date limit 1;
  if hit is not null then
    raise exception 'period is locked through %', hit using errcode = '23514';
  end if;
  return null;
end $$;
-- statement-break
create trigger journal_entries_lock after insert on bookkeeping.journal_entries
  referencing new table as new_rows for each statement execute function bookkeeping.check_lock_date();
-- statement-break
-- (4) Posted entries and their lines are never updated or deleted, only reversed.
create function bookkeeping.guard_posted_entry() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.checked_in_statement then
    raise exception 'checked_in_statement can only be set when an entry is inserted with its lines' using errcode = '23514';
  end if;
  if old.status = 'posted' then
    -- a cascade from deleting the whole company (or organization) may remove the books
    if tg_op = 'DELETE' and not exists (select 1 from bookkeeping.companies where id = old.company_id) then return old; end if;
    raise exception 'posted journal entry % cannot be changed; reverse it instead', old.id using errcode = '23514';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$;
-- statement-break
create trigger journal_entries_guard before update or delete on bookkeeping.journal_entries
  for each row execute function bookkeeping.guard_posted_entry();
-- statement-break
create function bookkeeping.guard_posted_lines() returns trigger language plpgsql as $$
begin
  if not exists (select 1 from bookkeeping.companies where id = old.company_id) then return old; end if;
  if exists (select 1 from bookkeeping.journal_entries where id = old.entry_id and status = 'posted') then
    raise exception 'lines of posted journal entry % cannot be changed', old.entry_id using errcode = '23514';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$;
-- statement-break
create trigger journal_lines_guard before update or delete on bookkeeping.journal_lines
  for each row execute function bookkeeping.guard_posted_lines();
