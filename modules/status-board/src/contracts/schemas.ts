import { Type, type Static } from 'typebox';
import { STATUSES } from './statuses.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: 'Calendar date YYYY-MM-DD' });
export const TimeString = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', maxLength: 5, description: 'HH:MM' });
export const Id = Type.String({ format: 'uuid' });
export const StatusSchema = Type.Union([
  Type.Literal('scheduled'),
  Type.Literal('en_route'),
  Type.Literal('checked_in'),
  Type.Literal('in_progress'),
  Type.Literal('waiting_parts'),
  Type.Literal('waiting_approval'),
  Type.Literal('ready'),
  Type.Literal('completed'),
  Type.Literal('no_show'),
  Type.Literal('cancelled'),
]);
// Keeps the literal list above and STATUSES in step at compile time.
const _statusesMatch: Static<typeof StatusSchema> extends (typeof STATUSES)[number]
  ? (typeof STATUSES)[number] extends Static<typeof StatusSchema>
    ? true
    : never
  : never = true;
void _statusesMatch;
export const Cents = Type.Integer({ minimum: 0, maximum: 100_000_000_000 });

export const CardLine = Type.Object({
  id: Id,
  serviceId: Nullable(Id),
  code: Type.String(),
  name: Type.String(),
  priceCents: Type.Integer(),
  durationMinutes: Type.Integer(),
});
export const Card = Type.Object({
  id: Id,
  date: Type.String(),
  status: StatusSchema,
  sortKey: Type.String(),
  version: Type.Integer(),
  windowStart: Nullable(Type.String()),
  windowEnd: Nullable(Type.String()),
  promisedAt: Nullable(Type.String()),
  statusChangedAt: Type.String(),
  notes: Type.String(),
  totalCents: Type.Integer(),
  durationMinutes: Type.Integer(),
  customer: Type.Object({ id: Id, name: Type.String(), phone: Nullable(Type.String()) }),
  vehicle: Nullable(
    Type.Object({
      id: Id,
      year: Nullable(Type.Integer()),
      make: Type.String(),
      model: Type.String(),
      plate: Nullable(Type.String()),
      vin: Nullable(Type.String()),
    }),
  ),
  technician: Nullable(Type.Object({ id: Id, name: Type.String() })),
  lines: Type.Array(CardLine),
});
export type Card = Static<typeof Card>;

export const BoardColumn = Type.Object({ status: StatusSchema, label: Type.String(), cards: Type.Array(Card) });
export const Board = Type.Object({ date: Type.String(), seq: Type.Integer(), columns: Type.Array(BoardColumn) });
export type Board = Static<typeof Board>;
export type BoardColumn = Static<typeof BoardColumn>;

export const MoveBody = Type.Object(
  {
    toStatus: StatusSchema,
    afterId: Type.Optional(Nullable(Id)),
    beforeId: Type.Optional(Nullable(Id)),
    expectedVersion: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
  },
  { additionalProperties: false },
);
export type MoveBody = Static<typeof MoveBody>;
export const MoveResult = Type.Object({ card: Card, seq: Type.Integer(), replayed: Type.Boolean() });
export type MoveResult = Static<typeof MoveResult>;

export const Stats = Type.Object({
  date: Type.String(),
  jobsToday: Type.Integer(),
  scheduled: Type.Integer(),
  onPremises: Type.Integer(),
  inProgress: Type.Integer(),
  waitingParts: Type.Integer(),
  waitingApproval: Type.Integer(),
  ready: Type.Integer(),
  completed: Type.Integer(),
  noShows: Type.Integer(),
  cancelled: Type.Integer(),
  revenueBookedCents: Type.Integer(),
  revenueCompletedCents: Type.Integer(),
  averageTicketCents: Type.Integer(),
  averageCycleMinutes: Nullable(Type.Integer()),
  technicians: Type.Array(
    Type.Object({
      id: Id,
      name: Type.String(),
      jobs: Type.Integer(),
      bookedMinutes: Type.Integer(),
      capacityMinutes: Type.Integer(),
      utilisationPercent: Type.Integer(),
    }),
  ),
});
export type Stats = Static<typeof Stats>;

export const Service = Type.Object({
  id: Id,
  code: Type.String(),
  name: Type.String(),
  priceCents: Type.Integer(),
  durationMinutes: Type.Integer(),
  active: Type.Boolean(),
});
export type Service = Static<typeof Service>;
export const ServiceCode = Type.String({ pattern: '^[A-Za-z0-9_-]{1,32}$', maxLength: 32 });
export const ServiceCreate = Type.Object(
  {
    code: ServiceCode,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    priceCents: Cents,
    durationMinutes: Type.Integer({ minimum: 0, maximum: 1440 }),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ServiceCreate = Static<typeof ServiceCreate>;
export const ServicePatch = Type.Partial(ServiceCreate, { additionalProperties: false });

export const Technician = Type.Object({ id: Id, name: Type.String(), active: Type.Boolean(), dailyCapacityMinutes: Type.Integer() });
export type Technician = Static<typeof Technician>;
export const TechnicianCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    active: Type.Optional(Type.Boolean()),
    dailyCapacityMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
  },
  { additionalProperties: false },
);
export type TechnicianCreate = Static<typeof TechnicianCreate>;
export const TechnicianPatch = Type.Partial(TechnicianCreate, { additionalProperties: false });

const ShortText = (max: number) => Type.String({ maxLength: max });
export const Customer = Type.Object({ id: Id, name: Type.String(), phone: Nullable(Type.String()), email: Nullable(Type.String()) });
export type Customer = Static<typeof Customer>;
export const CustomerCreate = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), phone: Type.Optional(Nullable(ShortText(40))), email: Type.Optional(Nullable(ShortText(200))) },
  { additionalProperties: false },
);
export type CustomerCreate = Static<typeof CustomerCreate>;
export const CustomerPatch = Type.Partial(CustomerCreate, { additionalProperties: false });

export const Vehicle = Type.Object({
  id: Id,
  customerId: Id,
  year: Nullable(Type.Integer()),
  make: Type.String(),
  model: Type.String(),
  vin: Nullable(Type.String()),
  plate: Nullable(Type.String()),
});
export type Vehicle = Static<typeof Vehicle>;
export const VehicleCreate = Type.Object(
  {
    customerId: Id,
    year: Type.Optional(Nullable(Type.Integer({ minimum: 1900, maximum: 2100 }))),
    make: Type.String({ minLength: 1, maxLength: 60 }),
    model: Type.String({ minLength: 1, maxLength: 60 }),
    vin: Type.Optional(Nullable(Type.String({ pattern: '^[A-HJ-NPR-Z0-9]{11,17}$', maxLength: 17 }))),
    plate: Type.Optional(Nullable(ShortText(20))),
  },
  { additionalProperties: false },
);
export type VehicleCreate = Static<typeof VehicleCreate>;
export const VehiclePatch = Type.Partial(Type.Omit(VehicleCreate, ['customerId']), { additionalProperties: false });

export const AppointmentCreate = Type.Object(
  {
    date: DateString,
    customerId: Id,
    vehicleId: Type.Optional(Nullable(Id)),
    technicianId: Type.Optional(Nullable(Id)),
    windowStart: Type.Optional(Nullable(TimeString)),
    windowEnd: Type.Optional(Nullable(TimeString)),
    promisedAt: Type.Optional(Nullable(Type.String({ format: 'date-time', maxLength: 40 }))),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
    serviceIds: Type.Array(Id, { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type AppointmentCreate = Static<typeof AppointmentCreate>;
export const AppointmentPatch = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }),
    vehicleId: Type.Optional(Nullable(Id)),
    technicianId: Type.Optional(Nullable(Id)),
    windowStart: Type.Optional(Nullable(TimeString)),
    windowEnd: Type.Optional(Nullable(TimeString)),
    promisedAt: Type.Optional(Nullable(Type.String({ format: 'date-time', maxLength: 40 }))),
    notes: Type.Optional(Type.String({ maxLength: 4000 })),
    serviceIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  },
  { additionalProperties: false },
);
export type AppointmentPatch = Static<typeof AppointmentPatch>;

export const HistoryEntry = Type.Object({
  seq: Type.Integer(),
  kind: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  version: Type.Integer(),
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  at: Type.String(),
});
export type HistoryEntry = Static<typeof HistoryEntry>;

export const BoardChange = Type.Object({
  date: Type.String(),
  seq: Type.Integer(),
  appointmentId: Id,
  kind: Type.String(),
  status: Nullable(Type.String()),
  sortKey: Nullable(Type.String()),
  version: Type.Integer(),
});
export type BoardChange = Static<typeof BoardChange>;

export const Page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() });
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
};
export interface PageOf<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
export const LabelBody = Type.Object({ label: Type.String({ minLength: 1, maxLength: 60 }) }, { additionalProperties: false });

export const ShopSettings = Type.Object({
  timeZone: Type.String({ description: 'IANA time zone of the shop, e.g. America/Chicago' }),
  today: Type.String({ description: "The shop's current date (YYYY-MM-DD) in its time zone" }),
});
export type ShopSettings = Static<typeof ShopSettings>;
export const ShopSettingsBody = Type.Object({ timeZone: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false });

export const CarryOverBody = Type.Object({ from: DateString, to: DateString }, { additionalProperties: false });
export type CarryOverBody = Static<typeof CarryOverBody>;
export const CarryOverResult = Type.Object({ carried: Type.Integer(), ids: Type.Array(Id), seq: Type.Integer() });
export type CarryOverResult = Static<typeof CarryOverResult>;
