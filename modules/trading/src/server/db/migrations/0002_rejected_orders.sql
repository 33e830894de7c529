-- Orders the pre-trade check refuses are kept (status 'rejected', reserve nothing, never open):
-- the code is in reject_code, the check's reasons here.
alter table trading.orders add column reject_reasons jsonb;
