import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from '@tandem/erp';

/**
 * An ERP table @tandem/erp does not have, modelled on NAV table 5071 "Campaign". It follows the ERP's conventions:
 * a code as key, `systemId` and an indexed `modifiedAt` (Tandem reads changed rows by it), decimals as text, dates
 * as `YYYY-MM-DD`.
 */
export interface Campaign extends SystemFields {
  no: string;
  description: string;
  /** A code of the option set `CAMPAIGN TYPE` (ADVERT, MAIL, EVENT, COBRAND, OTHER). */
  typeCode: string | null;
  startingDate: string | null;
  endingDate: string | null;
  budgetedCost: Decimal | null;
  notes: string | null;
}

export const CampaignSchema = new EntitySchema<Campaign>({
  name: 'Campaign',
  properties: {
    no: { type: 'string', length: 20, primary: true },
    description: { type: 'string', length: 100 },
    typeCode: { type: 'string', length: 10, nullable: true },
    startingDate: { type: 'date', nullable: true },
    endingDate: { type: 'date', nullable: true },
    budgetedCost: { ...decimalColumn, nullable: true },
    notes: { type: 'text', nullable: true },
    ...systemProperties(),
  },
});
