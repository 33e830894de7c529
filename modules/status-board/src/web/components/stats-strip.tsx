import type { Stats } from '../../contracts/index.ts';
import { money } from './format.ts';
import { s } from './styles.ts';

/** The day's numbers; `late` is counted on the board (it moves with the clock, the stats do not). */
export function StatsStrip({ stats, late }: { stats: Stats | null; late: number }) {
  if (!stats) return null;
  const items: [string, string][] = [
    ['Jobs', String(stats.jobsToday)],
    ['On premises', String(stats.onPremises)],
    ['In progress', String(stats.inProgress)],
    ['Late', String(late)],
    ['Waiting parts', String(stats.waitingParts)],
    ['Waiting approval', String(stats.waitingApproval)],
    ['Ready', String(stats.ready)],
    ['Completed', String(stats.completed)],
    ['No-shows', String(stats.noShows)],
    ['Booked', money(stats.revenueBookedCents)],
    ['Completed $', money(stats.revenueCompletedCents)],
    ['Avg ticket', money(stats.averageTicketCents)],
    ['Avg cycle', stats.averageCycleMinutes === null ? '–' : `${stats.averageCycleMinutes} min`],
  ];
  return (
    <div style={s.stats} data-testid="stats-strip">
      {items.map(([k, v]) => (
        <div key={k} style={s.stat}>
          <div style={s.muted}>{k}</div>
          <div style={s.statValue}>{v}</div>
        </div>
      ))}
      {stats.technicians.map((t) => (
        <div key={t.id} style={s.stat} title={`${t.bookedMinutes} of ${t.capacityMinutes} minutes booked`}>
          <div style={s.muted}>{t.name}</div>
          <div style={s.statValue}>{t.utilisationPercent}%</div>
        </div>
      ))}
    </div>
  );
}
