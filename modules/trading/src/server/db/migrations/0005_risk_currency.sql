-- Risk limits are amounts in the user's risk currency; each limits version names it (null on
-- versions written before: the first portfolio's currency, or USD, applies).
alter table trading.risk_limits add column currency text check (currency ~ '^[A-Z0-9]{2,12}$');

-- The day's peak equity is in the risk currency it was measured in; a change of currency starts
-- a new peak instead of comparing euros with dollars.
alter table trading.risk_state add column day_peak_currency text;
