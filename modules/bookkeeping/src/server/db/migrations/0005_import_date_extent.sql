-- The possible-duplicate check asks once per import for the dates the account already holds.
-- Index 0003 answered that from the bank lines, at the price of one more index entry per imported
-- line (about 4% of the import's throughput on a quiet machine, for a question asked once per
-- file). Each import now records the first and last date of its file instead: the account's extent
-- is a min/max over its completed imports (a few rows, through imports_hash_idx), and the stored
-- lines near a batch are read through the company/date index of 0001.
alter table bookkeeping.imports add column first_date date, add column last_date date;
update bookkeeping.imports i set first_date = x.f, last_date = x.l
  from (select import_id, min(txn_date) as f, max(txn_date) as l from bookkeeping.bank_lines group by import_id) x
  where x.import_id = i.id;
drop index bookkeeping.bank_lines_account_date_idx;
