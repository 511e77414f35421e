import { EntitySchema } from '@mikro-orm/core';
import { injectable, type PluginRegistry, type TandemPlugin } from '@tandem/core';

/** The 12 customer fields of scenario 8, ERP-side names → CRM-side names. */
export const LIMIT_FIELDS: Record<string, string> = {
  name: 'name', contact: 'address1_primarycontactname', address: 'address1_line1', address2: 'address1_line2',
  postCode: 'address1_postalcode', city: 'address1_city', country: 'address1_country', county: 'address1_stateorprovince',
  phone: 'telephone1', fax: 'fax', email: 'emailaddress1', homePage: 'websiteurl',
};

const text = (length: number) => ({ type: 'string', length, nullable: true }) as const;

export const LimitCustomerSchema = new EntitySchema<Record<string, unknown>>({
  name: 'LimitCustomer',
  tableName: 'limit_customer',
  // As the ERP's own tables (its Customer): Tandem pages through changed rows by (modifiedOn, key), and one index
  // on both keeps each page a seek instead of a sort of every row stamped in the cursor's second.
  indexes: [{ properties: ['modifiedOn', 'no'] }],
  properties: {
    no: { type: 'string', primary: true, length: 20 },
    ...Object.fromEntries(Object.keys(LIMIT_FIELDS).map((field) => [field, { ...text(100), fieldName: field }])),
    modifiedOn: { type: 'datetime', index: true },
    modifiedBy: { type: 'string', nullable: true },
  },
});

export const LimitAccountSchema = new EntitySchema<Record<string, unknown>>({
  name: 'account',
  properties: {
    accountid: { type: 'uuid', primary: true },
    ...Object.fromEntries(Object.values(LIMIT_FIELDS).map((field) => [field, { ...text(160), fieldName: field }])),
    modifiedon: { type: 'datetime', index: true },
    modifiedby: { type: 'string', nullable: true },
  },
});

export const LIMIT_MAPPING = 'LIMIT_CUSTOMER';

/** A test-style plugin: customers → accounts, the 12 fields, no rules. */
@injectable()
export class LimitPlugin implements TandemPlugin {
  readonly name = 'BenchLimitPlugin';

  register(registry: PluginRegistry): void {
    registry.addEntities(LimitCustomerSchema);
    registry.addMapping({
      name: LIMIT_MAPPING,
      businessTable: 'LimitCustomer',
      integrationTable: 'account',
      direction: 'toIntegration',
      syncOnlyCoupled: false,
      // No hooks keep state between pages, as for the real CUSTOMER mapping (see bench/README.md, scenario 8).
      overlapPages: true,
      fields: Object.entries(LIMIT_FIELDS).map(([business, integration]) => ({ business, integration })),
    });
  }
}
