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
  -- The hot tables (journal entries, journal lines, bank lines) carry no row-level foreign keys on
  -- org, company, entry or account: each is a lookup per inserted row on the bulk-import path
  -- (about 40% of its time). Statement-level triggers below check the same references set-based
  -- (and more: the account or entry must belong to the row's company and organization); deleting
  -- a company removes its rows, and an account still referenced cannot be deleted.
  org_id uuid not null,
  company_id uuid not null,
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
  id uuid not null default gen_random_uuid(),
  org_id uuid not null,
  company_id uuid not null,
  entry_id uuid not null,
  account_id uuid not null,
  entry_date date not null,
  -- positive = debit, negative = credit
  amount_cents bigint not null check (amount_cents <> 0),
  -- led by entry_id so the key doubles as the entry's index (one index less per inserted line)
  primary key (entry_id, id)
);
create index journal_lines_company_date_idx on bookkeeping.journal_lines (company_id, entry_date, account_id);

create table bookkeeping.bank_lines (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null,
  company_id uuid not null,
  -- checked set-based per statement (see the triggers); import and category ids are checked by
  -- the import code
  bank_account_id uuid not null,
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
-- (2b) Entries posted in bulk are checked at the end of their statement, all at once. Their lines
--      can only come in that same statement or later (a line needs its entry to exist), and every
--      statement adding lines to a posted entry checks its balance (trigger 2), so what is left to
--      check here is that a flagged entry got lines at all.
create function bookkeeping.check_bulk_entries_balanced() returns trigger language plpgsql as $$
declare
  bad uuid;
begin
  select n.id into bad from new_rows n
  where n.checked_in_statement and n.status = 'posted'
    and not exists (select 1 from bookkeeping.journal_lines l where l.entry_id = n.id) limit 1;
  if bad is not null then
    raise exception 'journal entry % is unbalanced (no lines)', bad using errcode = '23514';
  end if;
  return null;
end $$;
-- statement-break
create trigger journal_entries_bulk_balanced after insert on bookkeeping.journal_entries
  referencing new table as new_rows for each statement execute function bookkeeping.check_bulk_entries_balanced();
-- statement-break
-- (2) Lines must refer to an entry of their company and organization and to an account of their
--     company, and lines added to a posted entry must leave it balanced at the end of the statement
--     (set-based over the statement's new rows, so bulk imports pay one check, not one per row).
create function bookkeeping.check_new_lines() returns trigger language plpgsql as $$
declare
  bad uuid;
  missing boolean;
begin
  select t.account_id into bad from (select distinct account_id, company_id from new_rows) t
  where not exists (select 1 from bookkeeping.accounts a where a.id = t.account_id and a.company_id = t.company_id) limit 1;
  if bad is not null then
    raise exception 'journal line refers to account %, which is not an account of its company', bad using errcode = '23503';
  end if;
  select t.entry_id, e.id is null into bad, missing
  from (select distinct entry_id, company_id, org_id from new_rows) t
  left join bookkeeping.journal_entries e on e.id = t.entry_id and e.company_id = t.company_id and e.org_id = t.org_id
  where e.id is null
     or (e.status = 'posted' and (select coalesce(sum(l.amount_cents), 0) <> 0 or count(*) < 2 from bookkeeping.journal_lines l where l.entry_id = t.entry_id))
  limit 1;
  if missing then
    raise exception 'journal line refers to entry %, which is not an entry of its company', bad using errcode = '23503';
  end if;
  if bad is not null then
    raise exception 'journal entry % is unbalanced', bad using errcode = '23514';
  end if;
  return null;
end $$;
-- statement-break
create trigger journal_lines_checked after insert on bookkeeping.journal_lines
  referencing new table as new_rows for each statement execute function bookkeeping.check_new_lines();
-- statement-break
-- (3) Entries belong to an existing company of their organization, and nothing is posted on or
--     before the company's lock date (one aggregate per statement).
create function bookkeeping.check_new_entries() returns trigger language plpgsql as $$
declare
  bad uuid;
  missing boolean;
  hit date;
begin
  select t.company_id, c.id is null, c.lock_date into bad, missing, hit
  from (select company_id, org_id, min(entry_date) as first_date from new_rows group by company_id, org_id) t
  left join bookkeeping.companies c on c.id = t.company_id and c.org_id = t.org_id
  where c.id is null or (c.lock_date is not null and t.first_date <= c.lock_date) limit 1;
  if missing then
    raise exception 'journal entry refers to company %, which is not a company of its organization', bad using errcode = '23503';
  end if;
  if hit is not null then
    raise exception 'period is locked through %', hit using errcode = '23514';
  end if;
  return null;
end $$;
-- statement-break
create trigger journal_entries_checked after insert on bookkeeping.journal_entries
  referencing new table as new_rows for each statement execute function bookkeeping.check_new_entries();
-- statement-break
-- (3b) Bank lines belong to a bank account of their company and organization.
create function bookkeeping.check_new_bank_lines() returns trigger language plpgsql as $$
declare
  bad uuid;
begin
  select t.bank_account_id into bad from (select distinct org_id, company_id, bank_account_id from new_rows) t
  where not exists (select 1 from bookkeeping.accounts a join bookkeeping.companies c on c.id = a.company_id
    where a.id = t.bank_account_id and a.company_id = t.company_id and c.org_id = t.org_id) limit 1;
  if bad is not null then
    raise exception 'bank line refers to account %, which is not an account of its company', bad using errcode = '23503';
  end if;
  return null;
end $$;
-- statement-break
create trigger bank_lines_checked after insert on bookkeeping.bank_lines
  referencing new table as new_rows for each statement execute function bookkeeping.check_new_bank_lines();
-- statement-break
-- (3c) What the missing foreign keys would have done on delete: a deleted company takes its books
--      with it, a deleted entry its lines, and an account still in use cannot be deleted.
create function bookkeeping.remove_company_books() returns trigger language plpgsql as $$
begin
  delete from bookkeeping.journal_lines l using old_rows o where l.company_id = o.id;
  delete from bookkeeping.journal_entries e using old_rows o where e.company_id = o.id;
  delete from bookkeeping.bank_lines b using old_rows o where b.company_id = o.id;
  return null;
end $$;
-- statement-break
create trigger companies_remove_books after delete on bookkeeping.companies
  referencing old table as old_rows for each statement execute function bookkeeping.remove_company_books();
-- statement-break
create function bookkeeping.remove_entry_lines() returns trigger language plpgsql as $$
begin
  delete from bookkeeping.journal_lines l using old_rows o where l.entry_id = o.id;
  return null;
end $$;
-- statement-break
create trigger journal_entries_remove_lines after delete on bookkeeping.journal_entries
  referencing old table as old_rows for each statement execute function bookkeeping.remove_entry_lines();
-- statement-break
create function bookkeeping.guard_account_in_use() returns trigger language plpgsql as $$
begin
  -- a cascade from deleting the whole company removes its books too
  if not exists (select 1 from bookkeeping.companies where id = old.company_id) then return old; end if;
  if exists (select 1 from bookkeeping.journal_lines where company_id = old.company_id and account_id = old.id)
     or exists (select 1 from bookkeeping.bank_lines where company_id = old.company_id and bank_account_id = old.id) then
    raise exception 'account % is still used by journal or bank lines', old.id using errcode = '23503';
  end if;
  return old;
end $$;
-- statement-break
create trigger accounts_guard_in_use before delete on bookkeeping.accounts
  for each row execute function bookkeeping.guard_account_in_use();
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
