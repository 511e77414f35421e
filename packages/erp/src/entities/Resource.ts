import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/** NAV's Resource Type option. */
export type ResourceType = 'Person' | 'Machine';
export const RESOURCE_TYPES: readonly ResourceType[] = ['Person', 'Machine'];

/**
 * NAV table 156 "Resource": a person or machine sold by the hour (or another unit). Synchronized with a CRM product
 * of type Services. NAV's "Last Date Modified" is `modifiedAt` (the system field every table has).
 */
export interface Resource extends SystemFields {
  no: string;
  name: string;
  type: ResourceType;
  baseUnitOfMeasure: string | null;
  unitPrice: Decimal;
  unitCost: Decimal;
  /** Capacity (a FlowField in NAV over the capacity entries, stored here). */
  capacity: Decimal;
  vendorNo: string | null;
  blocked: boolean;
}

export const ResourceSchema = new EntitySchema<Resource>({
  name: 'Resource',
  // Tandem pages through changed rows by (modifiedAt, key): one index on both keeps each page a seek.
  indexes: [{ properties: ['modifiedAt', 'no'] }],
  properties: {
    no: { type: 'string', length: 20, primary: true },
    name: { type: 'string', length: 100 },
    type: { type: 'string', length: 10, default: 'Person' },
    baseUnitOfMeasure: { type: 'string', length: 10, nullable: true },
    unitPrice: { ...decimalColumn, default: '0' },
    unitCost: { ...decimalColumn, default: '0' },
    capacity: { ...decimalColumn, default: '0' },
    vendorNo: { type: 'string', length: 20, nullable: true },
    blocked: { type: 'boolean', default: false },
    ...systemProperties(),
  },
});
