import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/**
 * NAV tables 308/309 "No. Series" and its line, folded into one row: numbers start at `startingNo` and go up by
 * one in their last run of digits (`C00001`, `C00002`, …). `lastNoUsed` is blank until the first number is taken.
 */
export interface NoSeries extends SystemFields {
  code: string;
  description: string | null;
  startingNo: string;
  lastNoUsed: string | null;
}

export const NoSeriesSchema = new EntitySchema<NoSeries>({
  name: 'NoSeries',
  properties: {
    code: { type: 'string', length: 20, primary: true },
    description: { type: 'string', length: 100, nullable: true },
    startingNo: { type: 'string', length: 20 },
    lastNoUsed: { type: 'string', length: 20, nullable: true },
    ...systemProperties(),
  },
});
