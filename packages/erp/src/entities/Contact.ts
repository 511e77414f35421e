import { EntitySchema } from '@mikro-orm/core';
import { systemProperties, type SystemFields } from './systemFields';

/** NAV's Contact "Type": a company (the customer's own contact) or a person working for one. */
export type ContactType = 'Company' | 'Person';
export const CONTACT_TYPES: readonly ContactType[] = ['Company', 'Person'];

/**
 * NAV table 5050 "Contact". A company contact stands for a customer (through a `ContactBusinessRelation`); a person
 * contact belongs to a company through `companyNo` (the company contact's no.). Persons with a company are
 * synchronized with CRM contacts. Blank codes are `null`.
 */
export interface Contact extends SystemFields {
  no: string;
  type: ContactType;
  /** The company contact's no.; for a company, its own no. (NAV fills it so); blank for a person on its own. */
  companyNo: string | null;
  companyName: string | null;
  /** The full name: the company's name, or first, middle and surname of a person. */
  name: string;
  firstName: string | null;
  middleName: string | null;
  surname: string | null;
  jobTitle: string | null;
  address: string | null;
  address2: string | null;
  postCode: string | null;
  city: string | null;
  county: string | null;
  countryRegionCode: string | null;
  phoneNo: string | null;
  mobilePhoneNo: string | null;
  faxNo: string | null;
  pager: string | null;
  email: string | null;
  homePage: string | null;
  salespersonCode: string | null;
  /** Blank (`null`) means the local currency. */
  currencyCode: string | null;
}

export const ContactSchema = new EntitySchema<Contact>({
  name: 'Contact',
  // Tandem pages through changed rows by (modifiedAt, key): one index on both keeps each page a seek.
  indexes: [{ properties: ['modifiedAt', 'no'] }, { properties: ['companyNo'] }],
  properties: {
    no: { type: 'string', length: 20, primary: true },
    type: { type: 'string', length: 10, default: 'Person' },
    companyNo: { type: 'string', length: 20, nullable: true },
    companyName: { type: 'string', length: 100, nullable: true },
    name: { type: 'string', length: 100 },
    firstName: { type: 'string', length: 30, nullable: true },
    middleName: { type: 'string', length: 30, nullable: true },
    surname: { type: 'string', length: 30, nullable: true },
    jobTitle: { type: 'string', length: 30, nullable: true },
    address: { type: 'string', length: 100, nullable: true },
    address2: { type: 'string', length: 50, nullable: true },
    postCode: { type: 'string', length: 20, nullable: true },
    city: { type: 'string', length: 30, nullable: true },
    county: { type: 'string', length: 30, nullable: true },
    countryRegionCode: { type: 'string', length: 10, nullable: true },
    phoneNo: { type: 'string', length: 30, nullable: true },
    mobilePhoneNo: { type: 'string', length: 30, nullable: true },
    faxNo: { type: 'string', length: 30, nullable: true },
    pager: { type: 'string', length: 30, nullable: true },
    email: { type: 'string', length: 80, nullable: true },
    homePage: { type: 'string', length: 80, nullable: true },
    salespersonCode: { type: 'string', length: 20, nullable: true },
    currencyCode: { type: 'string', length: 10, nullable: true },
    ...systemProperties(),
  },
});

/** A person's full name as NAV builds it: first, middle and surname, blanks left out. */
export function personName(parts: { firstName?: string | null; middleName?: string | null; surname?: string | null }): string {
  return [parts.firstName, parts.middleName, parts.surname].filter((part) => typeof part === 'string' && part.trim() !== '').join(' ');
}
