import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/** NAV's Opportunity "Status". Only open ones (`Not Started`, `In Progress`) are synchronized. */
export type OpportunityStatus = 'Not Started' | 'In Progress' | 'Won' | 'Lost';
export const OPPORTUNITY_STATUSES: readonly OpportunityStatus[] = ['Not Started', 'In Progress', 'Won', 'Lost'];

/** NAV table 5092 "Opportunity". Synchronized with the CRM opportunity. Blank codes are `null`. */
export interface Opportunity extends SystemFields {
  no: string;
  description: string;
  /** A person contact, or the company contact itself. */
  contactNo: string | null;
  /** The company contact of `contactNo`. */
  contactCompanyNo: string | null;
  salespersonCode: string | null;
  status: OpportunityStatus;
  /** `'YYYY-MM-DD'`. */
  creationDate: string | null;
  dateClosed: string | null;
  estimatedValueLcy: Decimal;
  estimatedClosingDate: string | null;
  /** Chances of success, 0–100. */
  probabilityPercent: Decimal;
}

export const OpportunitySchema = new EntitySchema<Opportunity>({
  name: 'Opportunity',
  // Tandem pages through changed rows by (modifiedAt, key): one index on both keeps each page a seek.
  indexes: [{ properties: ['modifiedAt', 'no'] }],
  properties: {
    no: { type: 'string', length: 20, primary: true },
    description: { type: 'string', length: 100 },
    contactNo: { type: 'string', length: 20, nullable: true },
    contactCompanyNo: { type: 'string', length: 20, nullable: true },
    salespersonCode: { type: 'string', length: 20, nullable: true },
    status: { type: 'string', length: 12, default: 'Not Started' },
    creationDate: { type: 'date', nullable: true },
    dateClosed: { type: 'date', nullable: true },
    estimatedValueLcy: { ...decimalColumn, default: '0' },
    estimatedClosingDate: { type: 'date', nullable: true },
    probabilityPercent: { ...decimalColumn, default: '0' },
    ...systemProperties(),
  },
});
