-- A bank line of $0.00 (a memo line, interest of zero, a waived fee) is approved like any other
-- and its entry, like every bank line's, has the bank account and the category: here two zero
-- lines. The non-zero check on journal lines made such a line impossible to approve (and so to
-- reconcile). Entries stay balanced with at least two lines (the triggers of 0001).
alter table bookkeeping.journal_lines drop constraint journal_lines_amount_cents_check;
