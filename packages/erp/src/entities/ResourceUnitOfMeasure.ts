import { EntitySchema } from '@mikro-orm/core';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/**
 * NAV table 205 "Resource Unit of Measure": a unit a resource is sold in, with how many base units it holds (the base
 * unit itself has 1). Keyed by `systemId`, (resource no., code) unique. Synchronized with a CRM unit (`uom`) in the
 * resource's unit group.
 */
export interface ResourceUnitOfMeasure extends SystemFields {
  resourceNo: string;
  code: string;
  qtyPerUnitOfMeasure: Decimal;
}

export const ResourceUnitOfMeasureSchema = new EntitySchema<ResourceUnitOfMeasure>({
  name: 'ResourceUnitOfMeasure',
  uniques: [{ properties: ['resourceNo', 'code'] }],
  properties: {
    ...systemProperties(),
    systemId: { ...systemProperties().systemId, primary: true },
    resourceNo: { type: 'string', length: 20 },
    code: { type: 'string', length: 10 },
    qtyPerUnitOfMeasure: { ...decimalColumn, default: '1' },
  },
});
