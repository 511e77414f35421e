import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV table 3 "Payment Terms". Synchronized with an option of the CRM account's payment terms. */
export interface PaymentTerms extends SystemFields {
  code: string;
  description: string | null;
  /** A NAV date formula such as `30D` or `1M`; kept as text. */
  dueDateCalculation: string | null;
}

export const PaymentTermsSchema = new EntitySchema<PaymentTerms>({
  name: 'PaymentTerms',
  properties: {
    code: { type: 'string', length: 10, primary: true },
    description: { type: 'string', length: 100, nullable: true },
    dueDateCalculation: { type: 'string', length: 32, nullable: true },
    ...systemProperties(),
  },
});
