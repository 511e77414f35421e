import { DateTimeType, EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** BC's Record Link "Type": a web link or a note. */
export type RecordLinkType = 'Link' | 'Note';

/**
 * Business Central's system table 2000000068 "Record Link": a link or a note attached to any record. BC points at
 * the record with a RecordId; here that is the table (`tableName`, the entity name, e.g. `SalesHeader`) and the
 * record's key (`recordNo`). `systemId` is the key (BC's Link ID is an auto-increment).
 */
export interface RecordLink extends SystemFields {
  tableName: string;
  recordNo: string;
  type: RecordLinkType;
  /** The link's address (links); blank for notes. */
  url: string | null;
  description: string | null;
  /** The note's text (BC keeps it in a BLOB). */
  note: string | null;
  createdAt: Date | null;
  userId: string | null;
  notify: boolean;
  toUserId: string | null;
}

export const RecordLinkSchema = new EntitySchema<RecordLink>({
  name: 'RecordLink',
  indexes: [{ properties: ['tableName', 'recordNo'] }],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    tableName: { type: 'string', length: 30 },
    recordNo: { type: 'string', length: 20 },
    type: { type: 'string', length: 4, default: 'Note' },
    url: { type: 'string', length: 2048, nullable: true },
    description: { type: 'string', length: 250, nullable: true },
    note: { type: 'text', nullable: true },
    // A DateTimeType instance, as `modifiedAt` (see systemFields): the string would make every flush rewrite the row.
    createdAt: { type: new DateTimeType(), nullable: true },
    userId: { type: 'string', length: 132, nullable: true },
    notify: { type: 'boolean', default: false },
    toUserId: { type: 'string', length: 132, nullable: true },
  },
});
