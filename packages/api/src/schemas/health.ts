import { type Static, Type } from 'typebox';

/** The 200 of `GET /api/health`. */
export const Health = Type.Object({
  status: Type.Literal('ok'),
  backend: Type.String({ description: 'Store backend: sqlite or elasticsearch' }),
  postings: Type.Integer({ minimum: 0, description: 'Stored postings, duplicates included' }),
  uniquePostings: Type.Integer({ minimum: 0 }),
  taxonomyVersion: Type.String(),
});
export type Health = Static<typeof Health>;
