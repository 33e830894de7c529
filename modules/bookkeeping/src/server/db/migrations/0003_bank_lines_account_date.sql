-- The possible-duplicate check of an import asks, per bank account, for the dates it already holds
-- and for the lines within a few days of the incoming batch. The only date index led with the
-- company, so with several accounts (checking, card) both questions read every line of the
-- company in the window, and the min/max walked the company's lines until one of the account
-- turned up (all of them for a new account). Leading with the bank account makes both an index
-- range scan over that account's lines only.
create index bank_lines_account_date_idx on bookkeeping.bank_lines (bank_account_id, txn_date);
