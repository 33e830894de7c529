import { sql } from 'drizzle-orm';
import type { Db } from '@tessera/core';
import type { Stats } from '../../contracts/index.ts';
import { sqlRows } from '../db/sql-rows.ts';

/** The day's numbers in two statements; money stays in integer cents end to end. */
export async function dayStats(db: Db, orgId: string, date: string): Promise<Stats> {
  const [totals] = await sqlRows<Record<string, string | number | null>>(
    db,
    sql`select
      count(*) filter (where status <> 'cancelled')::int as jobs_today,
      count(*) filter (where status = 'scheduled' or status = 'en_route')::int as scheduled,
      count(*) filter (where status in ('checked_in','in_progress','waiting_parts','waiting_approval','ready'))::int as on_premises,
      count(*) filter (where status = 'in_progress')::int as in_progress,
      count(*) filter (where status = 'waiting_parts')::int as waiting_parts,
      count(*) filter (where status = 'waiting_approval')::int as waiting_approval,
      count(*) filter (where status = 'ready')::int as ready,
      count(*) filter (where status = 'completed')::int as completed,
      count(*) filter (where status = 'no_show')::int as no_shows,
      count(*) filter (where status = 'cancelled')::int as cancelled,
      coalesce(sum(total_cents) filter (where status not in ('cancelled','no_show')), 0)::text as revenue_booked,
      coalesce(sum(total_cents) filter (where status = 'completed'), 0)::text as revenue_completed,
      coalesce(round(avg(total_cents) filter (where status = 'completed')), 0)::text as average_ticket,
      round(avg(extract(epoch from (completed_at - coalesce(checked_in_at, created_at))) / 60) filter (where status = 'completed' and completed_at is not null))::int as average_cycle
    from status_board.appointments where org_id = ${orgId} and date = ${date}`,
  );
  const techs = await sqlRows<{ id: string; name: string; jobs: number; booked: number; capacity: number }>(
    db,
    sql`select t.id, t.name, count(a.id)::int as jobs, coalesce(sum(a.duration_minutes), 0)::int as booked, t.daily_capacity_minutes as capacity
        from status_board.technicians t
        left join status_board.appointments a on a.org_id = t.org_id and a.technician_id = t.id and a.date = ${date} and a.status not in ('cancelled','no_show')
        where t.org_id = ${orgId} and t.active
        group by t.id order by t.name, t.id`,
  );
  const t = totals ?? {};
  const n = (k: string) => Number(t[k] ?? 0);
  return {
    date,
    jobsToday: n('jobs_today'),
    scheduled: n('scheduled'),
    onPremises: n('on_premises'),
    inProgress: n('in_progress'),
    waitingParts: n('waiting_parts'),
    waitingApproval: n('waiting_approval'),
    ready: n('ready'),
    completed: n('completed'),
    noShows: n('no_shows'),
    cancelled: n('cancelled'),
    revenueBookedCents: n('revenue_booked'),
    revenueCompletedCents: n('revenue_completed'),
    averageTicketCents: n('average_ticket'),
    averageCycleMinutes: t['average_cycle'] === null || t['average_cycle'] === undefined ? null : Number(t['average_cycle']),
    technicians: techs.map((r) => ({
      id: r.id,
      name: r.name,
      jobs: r.jobs,
      bookedMinutes: r.booked,
      capacityMinutes: r.capacity,
      utilisationPercent: r.capacity > 0 ? Math.round((r.booked * 100) / r.capacity) : 0,
    })),
  };
}
