import { useEffect, useMemo, useState } from 'react';
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  closestCorners,
  pointerWithin,
  useSensor,
  useSensors,
  type CollisionDetection,
  type DragEndEvent,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { canTransition, StatusBoardClient, type AppointmentStatus, type Board } from '../../contracts/index.ts';
import { BoardColumn } from '../components/board-column.tsx';
import { StatsStrip } from '../components/stats-strip.tsx';
import { shiftDate, todayIn } from '../components/format.ts';
import { s } from '../components/styles.ts';
import { findCard } from '../hooks/board-state.ts';
import { BoardEnvContext, type BoardEnv } from '../components/board-env.ts';
import { NewJobForm } from '../components/new-job-form.tsx';
import { useStatusBoard, type MoveTarget } from '../hooks/use-status-board.ts';

/** Drop where the pointer is (what people expect on a board); keyboard drags have no pointer and use corners. */
const collision: CollisionDetection = (args) => {
  const within = pointerWithin(args);
  return within.length ? within : closestCorners(args);
};

const OPEN: readonly AppointmentStatus[] = ['scheduled', 'en_route', 'checked_in', 'in_progress', 'waiting_parts', 'waiting_approval'];

/** Jobs past their promised time that are not ready, done or off the board. */
function lateCount(board: Board | null, now: number): number {
  if (!board) return 0;
  return board.columns
    .filter((c) => OPEN.includes(c.status))
    .flatMap((c) => c.cards)
    .filter((c) => c.promisedAt !== null && Date.parse(c.promisedAt) < now).length;
}

/** Loads the shop's time zone first: "today" is the shop's date, not the browser's or UTC's. */
export function BoardPage({ org }: { org: string }) {
  const client = useMemo(() => new StatusBoardClient({ org }), [org]);
  const [timeZone, setTimeZone] = useState<string | null>(null);
  useEffect(() => {
    client.settings().then(
      (x) => setTimeZone(x.timeZone),
      // Unreachable server: the browser's zone until the settings load on the next visit.
      () => setTimeZone(Intl.DateTimeFormat().resolvedOptions().timeZone),
    );
  }, [client]);
  if (!timeZone) return <p>Loading the board…</p>;
  return <DayBoard org={org} timeZone={timeZone} />;
}

function DayBoard({ org, timeZone }: { org: string; timeZone: string }) {
  const [date, setDate] = useState(() => todayIn(timeZone));
  const [now, setNow] = useState(() => Date.now());
  const { board, stats, error, offline, live, pending, move, edit, client } = useStatusBoard({ org, date });
  const [technicians, setTechnicians] = useState<BoardEnv['technicians']>([]);
  useEffect(() => {
    client.technicians({ limit: 200 }).then(
      (p) => setTechnicians(p.items.filter((t) => t.active)),
      () => undefined,
    );
  }, [client]);
  const env = useMemo<BoardEnv>(() => ({ technicians, assign: (id, technicianId) => void edit(id, { technicianId }) }), [technicians, edit]);
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const labels = useMemo(() => new Map((board?.columns ?? []).map((c) => [c.status, c.label] as [AppointmentStatus, string])), [board]);
  const [notice, setNotice] = useState<string | null>(null);
  const [booking, setBooking] = useState(false);
  const [info, setInfo] = useState<string | null>(null);

  const onMove = (id: string, target: MoveTarget) => {
    const card = board && findCard(board, id);
    if (card && !canTransition(card.status, target.toStatus)) {
      setNotice(`A job cannot move from ${labels.get(card.status)} to ${labels.get(target.toStatus)}.`);
      return;
    }
    setNotice(null);
    void move(id, target);
  };

  const onDragEnd = (e: DragEndEvent) => {
    if (!board || !e.over) return;
    const activeId = String(e.active.id);
    const overId = String(e.over.id);
    if (activeId === overId) return;
    if (overId.startsWith('column:')) return onMove(activeId, { toStatus: overId.slice(7) as AppointmentStatus });
    const overCard = findCard(board, overId);
    const activeCard = findCard(board, activeId);
    if (!overCard || !activeCard) return;
    const cards = board.columns.find((c) => c.status === overCard.status)!.cards;
    const from = cards.findIndex((c) => c.id === activeId);
    const to = cards.findIndex((c) => c.id === overId);
    // Dragging down within a column lands after the card under the pointer; otherwise before it.
    if (from >= 0 && from < to) onMove(activeId, { toStatus: overCard.status, afterId: overId });
    else onMove(activeId, { toStatus: overCard.status, beforeId: overId });
  };

  return (
    <div style={s.page}>
      <div style={s.toolbar}>
        <button type="button" onClick={() => setDate((d) => shiftDate(d, -1))} aria-label="Previous day">
          ◀
        </button>
        <input type="date" value={date} aria-label="Day" onChange={(e) => e.target.value && setDate(e.target.value)} />
        <button type="button" onClick={() => setDate((d) => shiftDate(d, 1))} aria-label="Next day">
          ▶
        </button>
        <button type="button" onClick={() => setDate(todayIn(timeZone))} title={`Today in the shop's time zone (${timeZone})`}>
          Today
        </button>
        {date !== todayIn(timeZone, now) && <span style={s.muted}>not today</span>}
        <button type="button" onClick={() => setBooking((b) => !b)} aria-expanded={booking}>
          New job
        </button>
        <button
          type="button"
          title="Move jobs still en route or on the premises to the next day's board"
          onClick={() => {
            const to = shiftDate(date, 1);
            client.carryOver(date, to).then(
              (r) =>
                setInfo(r.carried ? `${r.carried} unfinished job${r.carried === 1 ? '' : 's'} carried over to ${to}.` : 'Nothing unfinished to carry over.'),
              (err: unknown) => setNotice(err instanceof Error ? err.message : String(err)),
            );
          }}
        >
          Carry unfinished to next day
        </button>
        <span style={s.muted} data-testid="live-state">
          {live ? '● live' : '○ reconnecting'}
          {pending ? ` · saving ${pending}` : ''}
          {board ? ` · seq ${board.seq}` : ''}
        </span>
      </div>
      {offline && (
        <div role="status" style={s.banner} data-testid="offline-banner">
          You are offline or the server cannot be reached. Changes from other screens may be missing; the board refreshes when the connection is back.
        </div>
      )}
      {info && (
        <div role="status" style={s.info} onClick={() => setInfo(null)}>
          {info}
        </div>
      )}
      {(error || notice) && (
        <div role="alert" style={s.error}>
          {notice ?? error}
        </div>
      )}
      {booking && (
        <NewJobForm
          client={client}
          date={date}
          timeZone={timeZone}
          technicians={technicians}
          onDone={(message) => {
            setBooking(false);
            setInfo(message);
          }}
        />
      )}
      <StatsStrip stats={stats} late={lateCount(board, now)} />
      {!board ? (
        <p>Loading the board…</p>
      ) : (
        <BoardEnvContext.Provider value={env}>
          <DndContext sensors={sensors} collisionDetection={collision} onDragEnd={onDragEnd}>
            <div style={s.board} data-testid="board">
              {board.columns.map((col) => (
                <BoardColumn key={col.status} column={col} now={now} timeZone={timeZone} labels={labels} onMove={onMove} />
              ))}
            </div>
          </DndContext>
        </BoardEnvContext.Provider>
      )}
    </div>
  );
}
