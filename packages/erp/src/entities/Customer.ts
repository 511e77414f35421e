import { EntitySchema } from '@mikro-orm/core';
import type { CustomerBlocked } from './CustomerBlocked';
import { decimalColumn, systemProperties, type Decimal, type SystemFields } from './systemFields';

/** NAV table 18 "Customer". Synchronized with the CRM account. Blank codes are `null`. */
export interface Customer extends SystemFields {
  no: string;
  name: string;
  address: string | null;
  address2: string | null;
  postCode: string | null;
  city: string | null;
  countryRegionCode: string | null;
  county: string | null;
  contact: string | null;
  phoneNo: string | null;
  faxNo: string | null;
  email: string | null;
  homePage: string | null;
  salespersonCode: string | null;
  /** Blank (`null`) means the local currency. */
  currencyCode: string | null;
  paymentTermsCode: string | null;
  shipmentMethodCode: string | null;
  shippingAgentCode: string | null;
  creditLimitLcy: Decimal;
  blocked: CustomerBlocked;
  /** The person contact who is the customer's primary contact (NAV "Primary Contact No."); blank: none. */
  primaryContactNo: string | null;
}

/** An identifier in double quotes, which SQLite and PostgreSQL both read as a name. */
function quoted(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function quotedTable(table: { name: string; schema?: string }): string {
  return table.schema ? `${quoted(table.schema)}.${quoted(table.name)}` : quoted(table.name);
}

export const CustomerSchema = new EntitySchema<Customer>({
  name: 'Customer',
  // Tandem pages through changed rows by (modifiedAt, key): one index on both keeps each page a seek. A full sync
  // from the CRM matches each page of accounts to customers by name, case-insensitively: on SQLite that is
  // `lower(name) IN (…)` (see core's MikroOrmStore), a seek per name on the second index instead of a table scan.
  indexes: [
    { properties: ['modifiedAt', 'no'] },
    { name: 'customer_name_lower_index', expression: (table, columns, name) => `create index ${quoted(name)} on ${quotedTable(table)} (lower(${quoted(columns.name!)}))` },
  ],
  properties: {
    no: { type: 'string', length: 20, primary: true },
    name: { type: 'string', length: 100 },
    address: { type: 'string', length: 100, nullable: true },
    address2: { type: 'string', length: 50, nullable: true },
    postCode: { type: 'string', length: 20, nullable: true },
    city: { type: 'string', length: 30, nullable: true },
    countryRegionCode: { type: 'string', length: 10, nullable: true },
    county: { type: 'string', length: 30, nullable: true },
    contact: { type: 'string', length: 100, nullable: true },
    phoneNo: { type: 'string', length: 30, nullable: true },
    faxNo: { type: 'string', length: 30, nullable: true },
    email: { type: 'string', length: 80, nullable: true },
    homePage: { type: 'string', length: 80, nullable: true },
    salespersonCode: { type: 'string', length: 20, nullable: true },
    currencyCode: { type: 'string', length: 10, nullable: true },
    paymentTermsCode: { type: 'string', length: 10, nullable: true },
    shipmentMethodCode: { type: 'string', length: 10, nullable: true },
    shippingAgentCode: { type: 'string', length: 10, nullable: true },
    creditLimitLcy: { ...decimalColumn, default: '0' },
    blocked: { type: 'string', length: 10, default: '' },
    primaryContactNo: { type: 'string', length: 20, nullable: true },
    ...systemProperties(),
  },
});
