import type { Stats } from '../../contracts/index.ts';
import { money } from './format.ts';
import { s } from './styles.ts';

export function StatsStrip({ stats }: { stats: Stats | null }) {
  if (!stats) return null;
  const items: [string, string][] = [
    ['Jobs today', String(stats.jobsToday)],
    ['On premises', String(stats.onPremises)],
    ['In progress', String(stats.inProgress)],
    ['Waiting parts', String(stats.waitingParts)],
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
