import type { TableMappingDefinition } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { CURRENCY } from '@tandem/plugin-currency';
import { SALESPEOPLE } from '@tandem/plugin-salesperson-user';
import { CONTACT, CRM_CONTACT_ACTIVE, PERSON } from './constants';

/**
 * BC's CONTACT mapping (CDS Setup Defaults, reference §5.1): Contact ↔ CRM contact, both ways, coupled records only.
 *
 * - ERP side: persons with a company (Type = Person, Company No. not blank).
 * - CRM side: active contacts with a parent customer. "The parent is an account" cannot be said in an OData filter
 *   (the parent's type is not a filterable column in the Web API), so rule `companyFromParentAccount` ignores
 *   contacts whose parent is another contact.
 * - The parent account is not a field mapping: it is derived from the company (rules), because the chain company →
 *   customer → account goes through a business relation and the CUSTOMER couplings.
 */
export const contactMapping: TableMappingDefinition = {
  name: CONTACT,
  businessTable: 'Contact',
  integrationTable: 'contact',
  direction: 'bidirectional',
  syncOnlyCoupled: true,
  businessFilter: { type: PERSON, $and: [{ companyNo: { $ne: null } }, { companyNo: { $ne: '' } }] },
  integrationFilter: { parentcustomerid: { $ne: null }, statecode: CRM_CONTACT_ACTIVE },
  dependsOn: [CUSTOMER],
  updateConflictResolution: 'none',
  deletionConflictResolution: 'none',
  // 30 minutes, 720 minutes of inactivity (BC's job queue entry for CONTACT).
  schedule: { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 720 * 60 },
  fields: [
    { business: 'salespersonCode', integration: 'ownerid', direction: 'toIntegration', reference: { mapping: SALESPEOPLE }, notNull: true },
    { business: 'currencyCode', integration: 'transactioncurrencyid', reference: { mapping: CURRENCY } },
    { business: 'address', integration: 'address1_line1' },
    { business: 'address2', integration: 'address1_line2' },
    { business: 'postCode', integration: 'address1_postalcode' },
    { business: 'city', integration: 'address1_city' },
    { business: 'countryRegionCode', integration: 'address1_country' },
    { business: 'county', integration: 'address1_stateorprovince' },
    { business: 'email', integration: 'emailaddress1' },
    { business: 'faxNo', integration: 'fax' },
    { business: 'firstName', integration: 'firstname' },
    { business: 'middleName', integration: 'middlename' },
    { business: 'surname', integration: 'lastname' },
    { business: 'homePage', integration: 'websiteurl' },
    { business: 'mobilePhoneNo', integration: 'mobilephone' },
    { business: 'pager', integration: 'pager' },
    { business: 'phoneNo', integration: 'telephone1' },
    // BC's local-only constant: a contact made from the CRM is a person.
    { business: 'type', constant: PERSON, direction: 'fromIntegration' },
  ],
};
