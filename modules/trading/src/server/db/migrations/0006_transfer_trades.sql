-- A transfer of an asset other than the quote currency moves holdings: it is booked as a trade at
-- market value (source 'transfer') and linked here. Rows without a link were recorded before and
-- moved nothing, so the flow-based returns stay null for them rather than guessing.
alter table trading.transfers add column trade_id uuid references trading.trades(id) on delete set null;
