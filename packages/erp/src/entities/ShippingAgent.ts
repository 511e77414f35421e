import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV table 291 "Shipping Agent". Synchronized with an option of the CRM account's shipping method. */
export interface ShippingAgent extends SystemFields {
  code: string;
  name: string | null;
  internetAddress: string | null;
}

export const ShippingAgentSchema = new EntitySchema<ShippingAgent>({
  name: 'ShippingAgent',
  properties: {
    code: { type: 'string', length: 10, primary: true },
    name: { type: 'string', length: 50, nullable: true },
    internetAddress: { type: 'string', length: 250, nullable: true },
    ...systemProperties(),
  },
});
