import { Type } from 'typebox';

export const RoleSchema = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('member'), Type.Literal('viewer')]);
export const UuidParam = Type.Object({ id: Type.String({ format: 'uuid' }) }, { additionalProperties: false });
