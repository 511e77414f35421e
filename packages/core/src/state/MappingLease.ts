import { EntitySchema } from '@mikro-orm/core';

/**
 * Who may run a mapping right now: one row per mapping, held until `expiresAt` unless renewed. A holder that dies
 * leaves its row behind; once it has expired, the next acquire takes it over.
 */
export interface MappingLease {
  mapping: string;
  /** Who holds it: the host's holder id (`hostname:pid:random`), or a worker's own. */
  holder: string;
  /** One acquisition: a host running the same mapping twice gets two tokens, so it cannot run it twice at once. */
  token: string;
  acquiredAt: Date;
  expiresAt: Date;
}

export const MappingLeaseSchema = new EntitySchema<MappingLease>({
  name: 'MappingLease',
  tableName: 'tandem_mapping_lease',
  properties: {
    mapping: { type: 'string', length: 100, primary: true },
    holder: { type: 'string', length: 200 },
    token: { type: 'string', length: 36 },
    acquiredAt: { type: 'datetime' },
    expiresAt: { type: 'datetime' },
  },
});

/** A held lease as calls under it pass it: which mapping, and the token that proves the hold. */
export type HeldLease = Pick<MappingLease, 'mapping' | 'token'>;
