import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV table 204 "Unit of Measure". Synchronized to a CRM unit group holding exactly one unit. */
export interface UnitOfMeasure extends SystemFields {
  code: string;
  description: string | null;
  internationalStandardCode: string | null;
}

export const UnitOfMeasureSchema = new EntitySchema<UnitOfMeasure>({
  name: 'UnitOfMeasure',
  properties: {
    code: { type: 'string', length: 10, primary: true },
    description: { type: 'string', length: 50, nullable: true },
    internationalStandardCode: { type: 'string', length: 10, nullable: true },
    ...systemProperties(),
  },
});
