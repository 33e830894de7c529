import { Type } from 'typebox';

/** Calendar date as YYYY-MM-DD. */
export const DateString = Type.String({ format: 'date', maxLength: 10 });
/** Money in integer cents as a decimal string (exact; never a float). */
export const CentsString = Type.String({ pattern: '^-?[0-9]{1,15}$' });
export const Uuid = Type.String({ format: 'uuid' });
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
