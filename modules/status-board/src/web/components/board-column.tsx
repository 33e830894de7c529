import { useDroppable } from '@dnd-kit/core';
import { SortableContext, verticalListSortingStrategy } from '@dnd-kit/sortable';
import type { AppointmentStatus, BoardColumn as Column } from '../../contracts/index.ts';
import type { MoveTarget } from '../hooks/use-status-board.ts';
import { JobCard } from './job-card.tsx';
import { s } from './styles.ts';

export function BoardColumn({
  column,
  now,
  timeZone,
  labels,
  onMove,
}: {
  column: Column;
  now: number;
  timeZone: string;
  labels: Map<AppointmentStatus, string>;
  onMove: (id: string, t: MoveTarget) => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: `column:${column.status}`, data: { status: column.status } });
  return (
    <section
      ref={setNodeRef}
      data-testid={`column-${column.status}`}
      aria-label={column.label}
      style={{ ...s.column, outline: isOver ? '2px solid #3b82f6' : 'none' }}
    >
      <header style={s.columnHead}>
        <span>{column.label}</span>
        <span style={s.muted}>{column.cards.length}</span>
      </header>
      <SortableContext id={column.status} items={column.cards.map((c) => c.id)} strategy={verticalListSortingStrategy}>
        {column.cards.map((card, i) => (
          <JobCard key={card.id} card={card} index={i} columnCards={column.cards} now={now} timeZone={timeZone} labels={labels} onMove={onMove} />
        ))}
      </SortableContext>
    </section>
  );
}
