import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV table 13 "Salesperson/Purchaser". Coupled to a CRM user; owns customers and documents. */
export interface Salesperson extends SystemFields {
  code: string;
  name: string;
  email: string | null;
  phoneNo: string | null;
  jobTitle: string | null;
  blocked: boolean;
}

export const SalespersonSchema = new EntitySchema<Salesperson>({
  name: 'Salesperson',
  // Tandem pages through changed rows by (modifiedAt, key): one index on both keeps each page a seek.
  indexes: [{ properties: ['modifiedAt', 'code'] }],
  properties: {
    code: { type: 'string', length: 20, primary: true },
    name: { type: 'string', length: 50 },
    email: { type: 'string', length: 80, nullable: true },
    phoneNo: { type: 'string', length: 30, nullable: true },
    jobTitle: { type: 'string', length: 30, nullable: true },
    blocked: { type: 'boolean', default: false },
    ...systemProperties(),
  },
});
