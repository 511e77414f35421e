import { EntitySchema } from '@mikro-orm/core';

/** The ERP side of the example: customers keyed by their number. */
export interface Customer {
  no: string;
  name: string;
  city: string | null;
  phone: string | null;
  modifiedOn: Date;
  modifiedBy: string | null;
}

export const CustomerSchema = new EntitySchema<Customer>({
  name: 'Customer',
  properties: {
    no: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 100 },
    city: { type: 'string', length: 30, nullable: true },
    phone: { type: 'string', length: 30, nullable: true },
    modifiedOn: { type: 'datetime', index: true },
    modifiedBy: { type: 'string', nullable: true },
  },
});

/** The CRM side of the example: accounts keyed by uuid, shaped like Dataverse's. */
export interface Account {
  accountid: string;
  name: string;
  address1_city: string | null;
  telephone1: string | null;
  modifiedon: Date;
  modifiedby: string | null;
}

export const AccountSchema = new EntitySchema<Account>({
  name: 'account',
  properties: {
    accountid: { type: 'uuid', primary: true },
    name: { type: 'string', length: 160 },
    address1_city: { type: 'string', length: 80, nullable: true },
    telephone1: { type: 'string', length: 50, nullable: true },
    modifiedon: { type: 'datetime', index: true },
    modifiedby: { type: 'string', nullable: true },
  },
});
