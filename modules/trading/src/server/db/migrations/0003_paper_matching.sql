-- The last candle an open order has been matched against: the paper matcher only fills an order
-- against candles after it, so running the matcher twice (or in two processes) never fills twice.
alter table trading.orders add column matched_through timestamptz;
update trading.orders o set matched_through = (select max(p.ts) from trading.prices p where p.org_id = o.org_id and p.asset = o.asset)
  where o.status in ('open', 'partially_filled');
create index orders_open on trading.orders (status) where status in ('open', 'partially_filled');
