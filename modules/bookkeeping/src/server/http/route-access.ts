import { Type, type TSchema } from 'typebox';

export const READ = { role: 'viewer', scope: 'bookkeeping:read' } as const;
export const WRITE = { role: 'member', scope: 'bookkeeping:write' } as const;
export const ADMIN = { role: 'admin', scope: 'bookkeeping:write' } as const;

export { CentsString, DateString } from '../../contracts/index.ts';
export const CompanyParam = Type.Object({ company: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9-]+$' }) }, { additionalProperties: false });
/** Response objects with their key fields typed and the rest passed through as stored. */
export const Open = (props: Record<string, TSchema> = {}) => Type.Unsafe<object>(Type.Object(props, { additionalProperties: true }));
export const OpenList = Type.Unsafe<object[]>(Type.Array(Type.Object({}, { additionalProperties: true })));
export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, default: 0 })),
};
export const tags = ['bookkeeping'];
