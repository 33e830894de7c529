-- Possible duplicates: the import's fuzzy layer points a new line at the stored line it looks like
-- (same account and amount, close date, similar words); the reviewer keeps it (duplicate_of is
-- cleared) or discards it. A discarded line stays, so later imports still deduplicate against it.
alter table bookkeeping.bank_lines drop constraint bank_lines_status_check;
alter table bookkeeping.bank_lines add constraint bank_lines_status_check check (status in ('review', 'approved', 'discarded'));
alter table bookkeeping.bank_lines add column duplicate_of uuid;
