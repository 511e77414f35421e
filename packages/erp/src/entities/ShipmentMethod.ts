import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV table 10 "Shipment Method". Synchronized with an option of the CRM account's freight terms. */
export interface ShipmentMethod extends SystemFields {
  code: string;
  description: string | null;
}

export const ShipmentMethodSchema = new EntitySchema<ShipmentMethod>({
  name: 'ShipmentMethod',
  properties: {
    code: { type: 'string', length: 10, primary: true },
    description: { type: 'string', length: 100, nullable: true },
    ...systemProperties(),
  },
});
