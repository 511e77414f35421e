import type { EntityManager } from '@mikro-orm/core';
import type { HostServices } from '@tandem/core';
import { ContactBusinessRelationSchema, ContactSchema, type Contact } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { contactErrors } from './errors';

/** A company contact, the customer it is, and that customer's CRM account. */
export interface CompanyAccount {
  companyNo: string;
  companyName: string;
  customerNo: string;
  accountId: string;
}

/**
 * The chain between an ERP company and a CRM account: company contact → contact business relation (Customer) →
 * customer → CUSTOMER coupling → account, and back. BC sets a contact's ParentCustomerId from "the coupled account of
 * the contact's company" this way, and takes the company from the parent account the other way round. Exported for
 * other plugins (OPPORTUNITY uses it for the opportunity's account); it reads the ERP with a fresh EntityManager and
 * the couplings through the state API, so it runs in any hook outside the page transaction.
 */
export class CompanyAccounts {
  constructor(private readonly services: HostServices) {}

  /** The customer a company contact is, or `null` when the company has no customer business relation. */
  async customerOfCompany(companyNo: string, em: EntityManager = this.services.orm.em.fork()): Promise<string | null> {
    const relation = await em.findOne(ContactBusinessRelationSchema, { contactNo: companyNo, linkToTable: 'Customer' }, { disableIdentityMap: true });
    return relation?.no ?? null;
  }

  /**
   * The account of a company contact. Throws `TANDEM_CONTACT_COMPANY_NOT_FOUND` (no such company contact),
   * `TANDEM_CONTACT_COMPANY_NOT_CUSTOMER` (no customer relation) or `TANDEM_CONTACT_CUSTOMER_NOT_COUPLED`; `forRecord`
   * names the record that needs it in the messages.
   */
  async accountOfCompany(companyNo: string, forRecord: string): Promise<CompanyAccount> {
    const em = this.services.orm.em.fork();
    const company = await em.findOne(ContactSchema, { no: companyNo, type: 'Company' }, { disableIdentityMap: true });
    if (!company) throw contactErrors.companyNotFound(forRecord, companyNo);
    const customerNo = await this.customerOfCompany(companyNo, em);
    if (!customerNo) throw contactErrors.companyNotCustomer(forRecord, companyNo);
    const coupling = await this.services.state.findCoupling(CUSTOMER, 'business', customerNo);
    if (!coupling?.integrationId) throw contactErrors.customerNotCoupled(forRecord, companyNo, customerNo);
    return { companyNo, companyName: company.name, customerNo, accountId: coupling.integrationId };
  }

  /**
   * The company of an account. Throws `TANDEM_CONTACT_ACCOUNT_NOT_COUPLED` (no customer coupled to the account) or
   * `TANDEM_CONTACT_COMPANY_NOT_FOUND` (the customer has no company contact).
   */
  async companyOfAccount(accountId: string, forRecord: string): Promise<CompanyAccount> {
    const coupling = await this.services.state.findCoupling(CUSTOMER, 'integration', accountId.toLowerCase());
    if (!coupling?.businessId) throw contactErrors.accountNotCoupled(forRecord, accountId);
    const em = this.services.orm.em.fork();
    const relation = await em.findOne(ContactBusinessRelationSchema, { linkToTable: 'Customer', no: coupling.businessId }, { disableIdentityMap: true });
    const company: Contact | null = relation ? await em.findOne(ContactSchema, { no: relation.contactNo }, { disableIdentityMap: true }) : null;
    if (!company) throw contactErrors.customerHasNoCompany(accountId, coupling.businessId);
    return { companyNo: company.no, companyName: company.name, customerNo: coupling.businessId, accountId: accountId.toLowerCase() };
  }

  /** True when the id is a CRM account that is coupled to a customer (no CRM request). */
  async isCoupledAccount(accountId: string): Promise<boolean> {
    return !!(await this.services.state.findCoupling(CUSTOMER, 'integration', accountId.toLowerCase()))?.businessId;
  }

  /** True when the id is a CRM account (coupled or not); one CRM request unless it is coupled. */
  async isAccount(id: string): Promise<boolean> {
    if (await this.isCoupledAccount(id)) return true;
    return (await this.services.stores.integration.getByIds('account', [id.toLowerCase()])).length > 0;
  }
}
