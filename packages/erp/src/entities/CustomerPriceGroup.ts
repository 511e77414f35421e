import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV table 6 "Customer Price Group". Synchronized to a CRM price list (pricelevel) named after its code. */
export interface CustomerPriceGroup extends SystemFields {
  code: string;
  description: string | null;
  priceIncludesVat: boolean;
  allowInvoiceDisc: boolean;
  allowLineDisc: boolean;
}

export const CustomerPriceGroupSchema = new EntitySchema<CustomerPriceGroup>({
  name: 'CustomerPriceGroup',
  properties: {
    code: { type: 'string', length: 10, primary: true },
    description: { type: 'string', length: 100, nullable: true },
    priceIncludesVat: { type: 'boolean', default: false },
    allowInvoiceDisc: { type: 'boolean', default: true },
    allowLineDisc: { type: 'boolean', default: true },
    ...systemProperties(),
  },
});
