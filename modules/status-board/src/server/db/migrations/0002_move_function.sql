-- A move in one statement. The move used to take about nine round trips while it held the
-- shop-day lock; concurrent moves of a day queue on that lock, so its hold time set the latency.
-- move_card does the whole move inside the database and runs as a single autocommit statement:
-- the lock is taken, used and released (at commit) without waiting on the network.

-- Base-62 fractional keys, the same algorithm as board/fractional-key.ts (a test compares them).
create function status_board.key_between(a text, b text) returns text
language plpgsql immutable as $$
declare
  digits constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  lo text := coalesce(a, '');
  acc text := '';
  i integer := 1;
  dl integer;
  dh integer;
  upper_open boolean := false;
begin
  if a is not null and b is not null and a collate "C" >= b collate "C" then
    raise exception 'lower key % is not below upper key %', a, b;
  end if;
  if b is null then
    if a is null then
      return substr(digits, 32, 1);
    end if;
    -- After a: bump the first digit that has room, so appends stay short.
    loop
      dl := case when i > length(a) then 0 else strpos(digits, substr(a, i, 1)) - 1 end;
      if dl < 61 then
        return acc || substr(digits, dl + 2, 1);
      end if;
      acc := acc || substr(digits, dl + 1, 1);
      i := i + 1;
    end loop;
  end if;
  loop
    dl := case when i > length(lo) then 0 else strpos(digits, substr(lo, i, 1)) - 1 end;
    dh := case when upper_open then 62 when i > length(b) then 0 else strpos(digits, substr(b, i, 1)) - 1 end;
    if dh - dl >= 2 then
      return acc || substr(digits, (dl + dh) / 2 + 1, 1);
    end if;
    acc := acc || substr(digits, dl + 1, 1);
    if dh <> dl then
      upper_open := true;
    end if;
    i := i + 1;
  end loop;
end
$$;
-- statement-break

-- The n-th (1-based) of `total` evenly spread short keys, as spreadKeys() in fractional-key.ts.
create function status_board.spread_key(n integer, total integer) returns text
language plpgsql immutable strict as $$
declare
  digits constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  width integer := 1;
  v bigint;
  s text := '';
begin
  while 62::bigint ^ width - 1 < total + 1 loop
    width := width + 1;
  end loop;
  v := ((62::bigint ^ width)::bigint * n) / (total + 1);
  for w in 1..width loop
    s := substr(digits, (v % 62)::integer + 1, 1) || s;
    v := v / 62;
  end loop;
  return rtrim(s, '0');
end
$$;
-- statement-break

-- One card as the API shows it; the board query in card-repository.ts builds the same object for
-- a whole day with joins (a test checks both agree). PL/pgSQL rather than SQL: it keeps the
-- query's plan between calls, where a SQL function is planned again on every call (measured:
-- about 1 ms per card on PostgreSQL, inside the move's locked section).
create function status_board.card_json(p_org uuid, p_id uuid) returns json
language plpgsql stable as $$
begin
  return (select json_build_object(
    'id', a.id, 'date', a.date, 'status', a.status, 'sortKey', a.sort_key, 'version', a.version,
    'windowStart', to_char(a.window_start, 'HH24:MI'), 'windowEnd', to_char(a.window_end, 'HH24:MI'),
    'promisedAt', a.promised_at, 'statusChangedAt', a.status_changed_at, 'notes', a.notes,
    'totalCents', a.total_cents, 'durationMinutes', a.duration_minutes,
    'customer', json_build_object('id', c.id, 'name', c.name, 'phone', c.phone),
    'vehicle', case when v.id is null then null else json_build_object('id', v.id, 'year', v.year, 'make', v.make, 'model', v.model, 'plate', v.plate, 'vin', v.vin) end,
    'technician', case when t.id is null then null else json_build_object('id', t.id, 'name', t.name) end,
    'lines', coalesce((select json_agg(json_build_object('id', l.id, 'serviceId', l.service_id, 'code', l.code, 'name', l.name, 'priceCents', l.price_cents, 'durationMinutes', l.duration_minutes) order by l.position)
                       from status_board.appointment_lines l where l.org_id = a.org_id and l.appointment_id = a.id), '[]'::json)
  )
  from status_board.appointments a
  join status_board.customers c on c.org_id = a.org_id and c.id = a.customer_id
  left join status_board.vehicles v on v.org_id = a.org_id and v.id = a.vehicle_id
  left join status_board.technicians t on t.org_id = a.org_id and t.id = a.technician_id
  where a.org_id = p_org and a.id = p_id);
end
$$;
-- statement-break

-- Moves one card and answers with an outcome instead of raising, so refusals change nothing and
-- still tell the caller why: moved | replayed | conflict | not_found | forbidden | guard |
-- neighbour_self | neighbour_missing | neighbour_order | day_changed.
-- p_allowed_from lists the columns the target may be reached from (the table lives in
-- contracts/statuses.ts). p_bus_channel/p_bus_topic/p_origin form the platform event-bus message,
-- sent by NOTIFY on commit and therefore in commit (= seq) order.
create function status_board.move_card(
  p_org uuid, p_id uuid, p_to text, p_after uuid, p_before uuid, p_expected integer,
  p_allowed_from text[], p_on_premises text[], p_jitter text, p_max_key integer,
  p_actor_type text, p_actor_id text, p_bus_channel text, p_bus_topic text, p_origin text)
returns table (outcome text, seq bigint, card json, detail json)
language plpgsql as $$
declare
  v_date date;
  c record;
  v_lo text collate "C";
  v_hi text collate "C";
  v_key text collate "C";
  v_missing text[] := array[]::text[];
  v_count integer;
  v_slot integer;
  v_version integer;
  v_seq bigint;
  v_kind text := 'moved';
  ev record;
begin
  -- Reads that need no lock come first.
  select a.date into v_date from status_board.appointments a where a.org_id = p_org and a.id = p_id;
  if not found then
    return query select 'not_found', null::bigint, null::json, null::json;
    return;
  end if;
  if p_after = p_id or p_before = p_id or p_after = p_before then
    return query select 'neighbour_self', null::bigint, null::json, null::json;
    return;
  end if;

  -- Day lock first, card lock second: the order every writer of a shop-day uses.
  insert into status_board.board_seq as s (org_id, date, seq) values (p_org, v_date, 0)
    on conflict (org_id, date) do update set seq = s.seq;
  select a.date, a.status, a.version, a.technician_id into c
    from status_board.appointments a where a.org_id = p_org and a.id = p_id for update;
  if not found then
    return query select 'not_found', null::bigint, null::json, null::json;
    return;
  end if;
  if c.date <> v_date then
    return query select 'day_changed', null::bigint, null::json, null::json;
    return;
  end if;

  if c.version <> p_expected then
    if c.version = p_expected + 1 and c.status = p_to then
      select e.to_status, e.after_id, e.before_id into ev from status_board.appointment_events e
        where e.org_id = p_org and e.appointment_id = p_id and e.version = c.version and e.kind in ('moved', 'rekeyed')
        order by e.id desc limit 1;
      if found and ev.to_status = p_to and ev.after_id is not distinct from p_after and ev.before_id is not distinct from p_before then
        return query select 'replayed', (select b.seq from status_board.board_seq b where b.org_id = p_org and b.date = c.date),
          status_board.card_json(p_org, p_id), null::json;
        return;
      end if;
    end if;
    return query select 'conflict', null::bigint, status_board.card_json(p_org, p_id), null::json;
    return;
  end if;

  if not (c.status = any(p_allowed_from)) then
    return query select 'forbidden', null::bigint, null::json, json_build_object('from', c.status);
    return;
  end if;
  if p_to = 'completed' and c.status <> 'completed' then
    if c.technician_id is null then
      v_missing := v_missing || 'technician'::text;
    end if;
    if not exists (select 1 from status_board.appointment_lines l where l.org_id = p_org and l.appointment_id = p_id and l.price_cents > 0) then
      v_missing := v_missing || 'priced service line'::text;
    end if;
    if cardinality(v_missing) > 0 then
      return query select 'guard', null::bigint, null::json, to_json(v_missing);
      return;
    end if;
  end if;

  -- The neighbours the client named (or the end of the column) bound the new key.
  if p_after is not null then
    select a.sort_key into v_lo from status_board.appointments a
      where a.org_id = p_org and a.date = c.date and a.status = p_to and a.id = p_after;
    if not found then
      return query select 'neighbour_missing', null::bigint, null::json, null::json;
      return;
    end if;
  end if;
  if p_before is not null then
    select a.sort_key into v_hi from status_board.appointments a
      where a.org_id = p_org and a.date = c.date and a.status = p_to and a.id = p_before;
    if not found then
      return query select 'neighbour_missing', null::bigint, null::json, null::json;
      return;
    end if;
  end if;
  if p_after is not null and p_before is not null then
    if v_lo >= v_hi then
      return query select 'neighbour_order', null::bigint, null::json, null::json;
      return;
    end if;
  elsif p_after is not null then
    select min(a.sort_key) into v_hi from status_board.appointments a
      where a.org_id = p_org and a.date = c.date and a.status = p_to and a.id <> p_id and a.sort_key > v_lo;
  elsif p_before is not null then
    select max(a.sort_key) into v_lo from status_board.appointments a
      where a.org_id = p_org and a.date = c.date and a.status = p_to and a.id <> p_id and a.sort_key < v_hi;
  else
    select max(a.sort_key) into v_lo from status_board.appointments a
      where a.org_id = p_org and a.date = c.date and a.status = p_to and a.id <> p_id;
  end if;
  -- The jitter (a retry after a key collision with a writer outside the day lock) keeps the
  -- key between its bounds: a key is never a prefix of its upper bound.
  v_key := status_board.key_between(v_lo, v_hi) || coalesce(p_jitter, '');

  if length(v_key) > p_max_key then
    -- Keys grew too long: spread the column's keys again in order, leaving the moved card's slot
    -- just after v_lo. The unique index is deferred to commit while the column is rewritten.
    set constraints status_board.appointments_column_key deferred;
    select count(*)::integer, count(*) filter (where v_lo is not null and a.sort_key <= v_lo)::integer into v_count, v_slot
      from status_board.appointments a where a.org_id = p_org and a.date = c.date and a.status = p_to and a.id <> p_id;
    update status_board.appointments a set sort_key = status_board.spread_key(case when r.rn <= v_slot then r.rn else r.rn + 1 end, v_count + 1)
      from (select x.id, row_number() over (order by x.sort_key, x.id)::integer as rn from status_board.appointments x
            where x.org_id = p_org and x.date = c.date and x.status = p_to and x.id <> p_id) r
      where a.org_id = p_org and a.id = r.id;
    v_key := status_board.spread_key(v_slot + 1, v_count + 1);
    -- Other cards' keys changed too: clients see 'rekeyed' and reload the day instead of
    -- placing the card by a key their other cards no longer share.
    v_kind := 'rekeyed';
  end if;

  update status_board.appointments a set
      status = p_to, sort_key = v_key, version = a.version + 1, updated_at = now(),
      status_changed_at = case when a.status <> p_to then now() else a.status_changed_at end,
      checked_in_at = case when a.checked_in_at is null and p_to = any(p_on_premises) then now() else a.checked_in_at end,
      completed_at = case when p_to <> 'completed' then null when a.status = 'completed' then a.completed_at else now() end
    where a.org_id = p_org and a.id = p_id
    returning a.version into v_version;
  update status_board.board_seq b set seq = b.seq + 1 where b.org_id = p_org and b.date = c.date returning b.seq into v_seq;
  insert into status_board.appointment_events
      (org_id, appointment_id, date, seq, kind, from_status, to_status, sort_key, version, after_id, before_id, actor_type, actor_id)
    values (p_org, p_id, c.date, v_seq, v_kind, c.status, p_to, v_key, v_version, p_after, p_before, p_actor_type, p_actor_id);
  if p_bus_channel is not null then
    perform pg_notify(p_bus_channel, json_build_object(
      't', p_bus_topic,
      'p', json_build_object('orgId', p_org, 'date', c.date, 'seq', v_seq, 'appointmentId', p_id, 'kind', v_kind,
                             'status', p_to, 'sortKey', v_key, 'version', v_version),
      'o', p_origin)::text);
  end if;
  return query select 'moved', v_seq, status_board.card_json(p_org, p_id), null::json;
end
$$;
