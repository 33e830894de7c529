import { sql } from 'drizzle-orm';
import { seededRandom, type DemoSeedContext } from '@tessera/core';
import { ON_PREMISES, type AppointmentStatus } from '../../contracts/index.ts';
import { appointmentEvents, appointmentLines, appointments, boardSeq, customers, services, technicians, vehicles } from '../db/schema.ts';
import { sqlRows } from '../db/sql-rows.ts';
import { addDays, localDate, wallClockInstant } from '../../contracts/shop-time.ts';
import { spreadKeys } from '../board/fractional-key.ts';
import { DEMO_CUSTOMERS, DEMO_SERVICES, DEMO_TECHNICIANS, DEMO_VEHICLES, TODAY_MIX } from './demo-data.ts';

const HISTORY_DAYS = 21;
const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

/** Edgar's shop is in Texas: its day starts at midnight Central time, not UTC. */
export const DEMO_TIME_ZONE = 'America/Chicago';

/**
 * Fills a shop with the demo: catalog, three technicians, customers with vehicles, ~30 jobs today
 * across the columns and three weeks of finished history. All rows go in a handful of batch
 * inserts inside one transaction; a shop that already has a catalog is left alone.
 */
export async function seedStatusBoardDemo(ctx: DemoSeedContext, now = new Date()): Promise<void> {
  const { orgId } = ctx;
  const db = ctx.platform.database.db;
  const [existing] = await sqlRows<{ n: number }>(db, sql`select count(*)::int as n from status_board.services where org_id = ${orgId}`);
  if ((existing?.n ?? 0) > 0) return;
  const rand = seededRandom(20250920);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  await db.transaction(async (tx) => {
    await tx.execute(sql`insert into status_board.shop_settings (org_id, time_zone) values (${orgId}, ${DEMO_TIME_ZONE}) on conflict (org_id) do nothing`);
    const [zone] = await sqlRows<{ time_zone: string }>(tx, sql`select time_zone from status_board.shop_settings where org_id = ${orgId}`);
    const timeZone = zone?.time_zone ?? DEMO_TIME_ZONE;
    const svc = await tx
      .insert(services)
      .values(DEMO_SERVICES.map(([code, name, priceCents, durationMinutes]) => ({ orgId, code, name, priceCents, durationMinutes })))
      .returning({ id: services.id, code: services.code, name: services.name, priceCents: services.priceCents, durationMinutes: services.durationMinutes });
    const techs = await tx
      .insert(technicians)
      .values(DEMO_TECHNICIANS.map(([name, dailyCapacityMinutes]) => ({ orgId, name, dailyCapacityMinutes })))
      .returning({ id: technicians.id });
    const custs = await tx
      .insert(customers)
      .values(
        DEMO_CUSTOMERS.map((name, i) => ({
          orgId,
          name,
          phone: `555-01${String(i).padStart(2, '0')}`,
          email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
        })),
      )
      .returning({ id: customers.id });
    const vehs = await tx
      .insert(vehicles)
      .values(
        custs.map((c, i) => {
          const [year, make, model] = DEMO_VEHICLES[i % DEMO_VEHICLES.length]!;
          const vin = Array.from({ length: 17 }, () => pick([...VIN_CHARS])).join('');
          return {
            orgId,
            customerId: c.id,
            year,
            make,
            model,
            vin,
            plate: `${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(66 + ((i * 7) % 24))}C-${1000 + i * 37}`,
          };
        }),
      )
      .returning({ id: vehicles.id, customerId: vehicles.customerId });

    type Job = { date: string; status: AppointmentStatus; hour: number; lines: typeof svc; techId: string | null; statusAgoMin: number; cycleMin: number };
    const jobs: Job[] = [];
    const today = localDate(timeZone, now);
    const lineSet = () => {
      const n = rand() < 0.3 ? 2 : 1;
      const chosen = new Set<number>();
      while (chosen.size < n) chosen.add(Math.floor(rand() * svc.length));
      return [...chosen].map((i) => svc[i]!);
    };
    for (const [status, count] of TODAY_MIX) {
      for (let i = 0; i < count; i++) {
        const early = status === 'scheduled' || status === 'en_route' || status === 'no_show';
        jobs.push({
          date: today,
          status: status as AppointmentStatus,
          hour: 7 + Math.floor(rand() * 10),
          lines: lineSet(),
          techId: early && rand() < 0.3 ? null : pick(techs).id,
          statusAgoMin: 5 + Math.floor(rand() * 150),
          cycleMin: 60 + Math.floor(rand() * 180),
        });
      }
    }
    for (let d = 1; d <= HISTORY_DAYS; d++) {
      const day = addDays(today, -d);
      // Closed on Sundays.
      if (new Date(`${day}T00:00:00Z`).getUTCDay() === 0) continue;
      const n = 6 + Math.floor(rand() * 6);
      for (let i = 0; i < n; i++) {
        const r = rand();
        const status: AppointmentStatus = r < 0.86 ? 'completed' : r < 0.94 ? 'no_show' : 'cancelled';
        jobs.push({
          date: day,
          status,
          hour: 7 + Math.floor(rand() * 10),
          lines: lineSet(),
          techId: pick(techs).id,
          statusAgoMin: 0,
          cycleMin: 60 + Math.floor(rand() * 240),
        });
      }
    }

    // Keys per (date, column), in booking-hour order.
    const columns = new Map<string, Job[]>();
    for (const j of jobs) columns.set(`${j.date}|${j.status}`, [...(columns.get(`${j.date}|${j.status}`) ?? []), j]);
    const keyOf = new Map<Job, string>();
    for (const col of columns.values()) {
      col.sort((a, b) => a.hour - b.hour);
      const keys = spreadKeys(col.length);
      col.forEach((j, i) => keyOf.set(j, keys[i]!));
    }

    const rows = jobs.map((j, i) => {
      const v = vehs[i % vehs.length]!;
      const start = wallClockInstant(j.date, `${String(j.hour).padStart(2, '0')}:00`, timeZone);
      const isToday = j.date === today;
      const statusAt = isToday ? new Date(now.getTime() - j.statusAgoMin * 60_000) : new Date(start.getTime() + j.cycleMin * 60_000);
      const onPrem = ON_PREMISES.includes(j.status) || j.status === 'completed';
      return {
        orgId,
        date: j.date,
        windowStart: `${String(j.hour).padStart(2, '0')}:00`,
        windowEnd: `${String(Math.min(j.hour + 2, 23)).padStart(2, '0')}:00`,
        customerId: v.customerId,
        vehicleId: v.id,
        technicianId: j.techId,
        status: j.status,
        // Today's open jobs are promised around now (a few late, most on time); history as booked.
        promisedAt: isToday ? new Date(now.getTime() + (((i * 47) % 330) - 60) * 60_000) : new Date(start.getTime() + (3 + (i % 4)) * 3_600_000),
        notes: i % 5 === 0 ? 'Customer prefers a text when ready.' : '',
        version: j.status === 'scheduled' ? 1 : 2,
        sortKey: keyOf.get(j)!,
        statusChangedAt: statusAt,
        checkedInAt: onPrem ? new Date(statusAt.getTime() - (j.status === 'completed' ? j.cycleMin : 20) * 60_000) : null,
        completedAt: j.status === 'completed' ? statusAt : null,
        totalCents: j.lines.reduce((s, l) => s + l.priceCents, 0),
        durationMinutes: j.lines.reduce((s, l) => s + l.durationMinutes, 0),
      };
    });
    const appts = await tx.insert(appointments).values(rows).returning({ id: appointments.id });
    await tx.insert(appointmentLines).values(
      jobs.flatMap((j, i) =>
        j.lines.map((l, position) => ({
          orgId,
          appointmentId: appts[i]!.id,
          serviceId: l.id,
          code: l.code,
          name: l.name,
          priceCents: l.priceCents,
          durationMinutes: l.durationMinutes,
          position,
        })),
      ),
    );
    // One "created" event per job and one "moved" for jobs that left the scheduled column, numbered per day.
    const seqByDate = new Map<string, number>();
    const events = jobs.flatMap((j, i) => {
      const id = appts[i]!.id;
      const next = () => {
        const s = (seqByDate.get(j.date) ?? 0) + 1;
        seqByDate.set(j.date, s);
        return s;
      };
      const base = { orgId, appointmentId: id, date: j.date, actorType: 'system', actorId: 'demo-seed' };
      const out: (typeof base & { seq: number; kind: string; fromStatus: string | null; toStatus: string; sortKey: string | null; version: number })[] = [
        { ...base, seq: next(), kind: 'created', fromStatus: null, toStatus: 'scheduled', sortKey: null, version: 1 },
      ];
      if (j.status !== 'scheduled')
        out.push({ ...base, seq: next(), kind: 'moved', fromStatus: 'scheduled', toStatus: j.status, sortKey: keyOf.get(j)!, version: 2 });
      return out;
    });
    await tx.insert(appointmentEvents).values(events);
    await tx.insert(boardSeq).values([...seqByDate].map(([date, seq]) => ({ orgId, date, seq })));
  });
}
