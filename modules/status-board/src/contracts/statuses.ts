/** The fixed column types every shop's board maps to; shops may only relabel them. */
export const STATUSES = [
  'scheduled',
  'en_route',
  'checked_in',
  'in_progress',
  'waiting_parts',
  'waiting_approval',
  'ready',
  'completed',
  'no_show',
  'cancelled',
] as const;
export type AppointmentStatus = (typeof STATUSES)[number];

export const DEFAULT_LABELS: Record<AppointmentStatus, string> = {
  scheduled: 'Scheduled',
  en_route: 'En route',
  checked_in: 'Checked in',
  in_progress: 'In progress',
  waiting_parts: 'Waiting for parts',
  waiting_approval: 'Waiting for approval',
  ready: 'Ready',
  completed: 'Completed',
  no_show: 'No-show',
  cancelled: 'Cancelled',
};

/** Where a job may go from each column (reordering inside a column is always allowed). */
export const TRANSITIONS: Record<AppointmentStatus, readonly AppointmentStatus[]> = {
  scheduled: ['en_route', 'checked_in', 'in_progress', 'no_show', 'cancelled'],
  en_route: ['scheduled', 'checked_in', 'in_progress', 'no_show', 'cancelled'],
  checked_in: ['scheduled', 'in_progress', 'waiting_parts', 'waiting_approval', 'cancelled'],
  in_progress: ['checked_in', 'waiting_parts', 'waiting_approval', 'ready', 'completed'],
  waiting_parts: ['checked_in', 'in_progress', 'waiting_approval', 'cancelled'],
  waiting_approval: ['checked_in', 'in_progress', 'waiting_parts', 'cancelled'],
  ready: ['in_progress', 'completed'],
  completed: ['ready'],
  no_show: ['scheduled'],
  cancelled: ['scheduled'],
};

/** The vehicle is at the shop (or the technician is on site) in these columns. */
export const ON_PREMISES: readonly AppointmentStatus[] = ['checked_in', 'in_progress', 'waiting_parts', 'waiting_approval', 'ready'];

export function canTransition(from: AppointmentStatus, to: AppointmentStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** Work under way: what a day hands over to the next one when it ends unfinished. */
export const CARRY_OVER: readonly AppointmentStatus[] = ['en_route', ...ON_PREMISES];
