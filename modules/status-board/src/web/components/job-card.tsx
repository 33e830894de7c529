import { useContext } from 'react';
import { useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { DEFAULT_LABELS, STATUSES, TRANSITIONS, type AppointmentStatus, type Card } from '../../contracts/index.ts';
import type { MoveTarget } from '../hooks/use-status-board.ts';
import { clockTime, duration, minutesSince, money } from './format.ts';
import { LATENESS, s } from './styles.ts';
import { BoardEnvContext } from './board-env.ts';

interface Props {
  card: Card;
  index: number;
  columnCards: Card[];
  now: number;
  /** The shop's zone: promised times show on the shop's clock. */
  timeZone: string;
  labels: Map<AppointmentStatus, string>;
  onMove: (id: string, target: MoveTarget) => void;
}

function lateness(card: Card, now: number): keyof typeof LATENESS {
  if (card.status === 'completed' || card.status === 'cancelled' || card.status === 'no_show') return 'done';
  if (!card.promisedAt) return 'ok';
  const left = Date.parse(card.promisedAt) - now;
  return left < 0 ? 'late' : left < 30 * 60_000 ? 'soon' : 'ok';
}

/** The allowed columns to the left and right of this one, in board order. */
function neighbourColumns(status: AppointmentStatus): { prev: AppointmentStatus | null; next: AppointmentStatus | null } {
  const here = STATUSES.indexOf(status);
  const allowed = TRANSITIONS[status];
  const prev = [...STATUSES.slice(0, here)].reverse().find((x) => allowed.includes(x)) ?? null;
  const next = STATUSES.slice(here + 1).find((x) => allowed.includes(x)) ?? null;
  return { prev, next };
}

export function JobCard({ card, index, columnCards, now, timeZone, labels, onMove }: Props) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: card.id, data: { status: card.status } });
  const { technicians, assign } = useContext(BoardEnvContext);
  const late = lateness(card, now);
  const { prev, next } = neighbourColumns(card.status);
  const label = (x: AppointmentStatus) => labels.get(x) ?? DEFAULT_LABELS[x];
  const vehicle = card.vehicle ? `${card.vehicle.year ?? ''} ${card.vehicle.make} ${card.vehicle.model}`.trim() : 'No vehicle';
  const up = columnCards[index - 1];
  const down = columnCards[index + 1];
  return (
    <article
      ref={setNodeRef}
      data-testid={`card-${card.id}`}
      data-status={card.status}
      aria-label={`${card.customer.name}, ${vehicle}`}
      style={{ ...s.card, transform: CSS.Transform.toString(transform), transition, opacity: isDragging ? 0.5 : 1, borderLeft: `4px solid ${LATENESS[late]}` }}
    >
      <div {...attributes} {...listeners} style={{ cursor: 'grab' }} title="Drag, or focus and press space then arrow keys">
        <strong>{card.customer.name}</strong>
        {card.windowStart && (
          <span style={s.muted}>
            {' '}
            · {card.windowStart}
            {card.windowEnd ? `–${card.windowEnd}` : ''}
          </span>
        )}
        <div>
          {vehicle}
          {card.vehicle?.plate ? ` · ${card.vehicle.plate}` : ''}
        </div>
        <div style={s.muted}>
          {card.lines.map((l) => l.code).join(', ') || 'No services'} · {money(card.totalCents)}
        </div>

        {card.notes && (
          <div style={{ ...s.muted, fontStyle: 'italic' }} title={card.notes}>
            {card.notes.length > 80 ? `${card.notes.slice(0, 79)}…` : card.notes}
          </div>
        )}
        <div style={{ ...s.muted, color: LATENESS[late] }} data-testid="promised">
          {card.promisedAt ? `Promised ${clockTime(card.promisedAt, timeZone)}${late === 'late' ? ' (late)' : ''}` : 'No promise time'}
        </div>
        <div style={s.muted}>
          In {label(card.status)} for {duration(minutesSince(card.statusChangedAt, now))}
        </div>
      </div>
      <select
        aria-label="Technician"
        data-testid={`tech-${card.id}`}
        value={card.technician?.id ?? ''}
        disabled={card.status === 'completed'}
        style={{ fontSize: 12, marginTop: 4, maxWidth: '100%' }}
        onChange={(e) => assign(card.id, e.target.value || null)}
      >
        <option value="">Unassigned</option>
        {card.technician && !technicians.some((t) => t.id === card.technician!.id) && <option value={card.technician.id}>{card.technician.name}</option>}
        {technicians.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
      <div style={s.buttons}>
        {prev && (
          <button
            type="button"
            style={s.small}
            aria-label={`Move to ${label(prev)}`}
            data-testid={`move-${card.id}-${prev}`}
            onClick={() => onMove(card.id, { toStatus: prev })}
          >
            ◀
          </button>
        )}
        {up && (
          <button type="button" style={s.small} aria-label="Move up" onClick={() => onMove(card.id, { toStatus: card.status, beforeId: up.id })}>
            ▲
          </button>
        )}
        {down && (
          <button type="button" style={s.small} aria-label="Move down" onClick={() => onMove(card.id, { toStatus: card.status, afterId: down.id })}>
            ▼
          </button>
        )}
        {next && (
          <button
            type="button"
            style={s.small}
            aria-label={`Move to ${label(next)}`}
            data-testid={`move-${card.id}-${next}`}
            onClick={() => onMove(card.id, { toStatus: next })}
          >
            ▶
          </button>
        )}
        <select
          aria-label="Move to column"
          value=""
          style={{ fontSize: 12, maxWidth: 110 }}
          onChange={(e) => {
            const to = e.target.value as AppointmentStatus;
            if (to) onMove(card.id, { toStatus: to });
          }}
        >
          <option value="">Move to…</option>
          {TRANSITIONS[card.status].map((x) => (
            <option key={x} value={x}>
              {label(x)}
            </option>
          ))}
        </select>
      </div>
    </article>
  );
}
