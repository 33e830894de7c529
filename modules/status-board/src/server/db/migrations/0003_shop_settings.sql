-- Per-shop settings. The time zone (an IANA name) decides which day is "today" for the shop: the
-- board's default day, the stats' day and the demo data; dates of jobs are the shop's local dates.
create table status_board.shop_settings (
  org_id uuid primary key references core.organizations(id) on delete cascade,
  time_zone text not null default 'UTC' check (length(time_zone) between 1 and 64),
  updated_at timestamptz not null default now()
);
