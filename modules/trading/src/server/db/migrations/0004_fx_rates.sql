-- FX: `rate` quote units for one `base` unit at `ts` (EUR/USD 1.09: one euro costs 1.09 dollars).
create table trading.fx_rates (
  org_id uuid not null references core.organizations(id) on delete cascade,
  base text not null check (base ~ '^[A-Z0-9]{2,12}$'),
  quote text not null check (quote ~ '^[A-Z0-9]{2,12}$' and quote <> base),
  ts timestamptz not null,
  rate numeric(48, 18) not null check (rate > 0),
  created_at timestamptz not null default now(),
  primary key (org_id, base, quote, ts)
);

-- The currency an asset's stored prices are quoted in; portfolios in another currency convert.
alter table trading.assets add column price_currency text not null default 'USD';

-- A trade entered in another currency keeps what was entered next to the converted price.
alter table trading.trades add column entered_quote text, add column entered_price numeric(48, 18), add column fx_rate numeric(48, 18);
