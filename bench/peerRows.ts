import type { Customer } from '@tandem/erp';

/**
 * What a hand-written script sends for one ERP customer: the same plain fields the CUSTOMER mapping carries, the
 * relationship type, and the owner (the CRM user coupled to the customer's salesperson).
 */
export function customerAccount(customer: Customer, ownerOf: ReadonlyMap<string, string>): Record<string, unknown> {
  const owner = customer.salespersonCode ? ownerOf.get(customer.salespersonCode) : undefined;
  return {
    name: customer.name,
    customertypecode: 3,
    address1_primarycontactname: customer.contact,
    address1_line1: customer.address,
    address1_line2: customer.address2,
    address1_postalcode: customer.postCode,
    address1_city: customer.city,
    address1_country: customer.countryRegionCode,
    address1_stateorprovince: customer.county,
    emailaddress1: customer.email,
    fax: customer.faxNo,
    websiteurl: customer.homePage,
    telephone1: customer.phoneNo,
    creditlimit: Number(customer.creditLimitLcy),
    ...(owner ? { 'ownerid@odata.bind': `/systemusers(${owner})` } : {}),
  };
}

/** The source rows of scenarios 6 and 7, read from the ERP before either runs (not timed). */
export interface PeerSource {
  customers: Customer[];
  ownerOf: ReadonlyMap<string, string>;
}
