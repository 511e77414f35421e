import type { Row } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { businessIdOf, getCrm, integrationIdOf, type TestPair } from '@tandem/testing';
import { CONTACT } from '../../src/index';

/** The account coupled to an ERP customer. */
export const accountIdOf = (pair: TestPair, customerNo: string): Promise<string> => integrationIdOf(pair, CUSTOMER, customerNo);

/** The CRM contact id coupled to an ERP contact. */
export const crmContactIdOf = (pair: TestPair, contactNo: string): Promise<string> => integrationIdOf(pair, CONTACT, contactNo);

/** The CRM contact row coupled to an ERP contact. */
export async function crmContactOf(pair: TestPair, contactNo: string): Promise<Row> {
  return getCrm(pair, 'contact', await crmContactIdOf(pair, contactNo));
}

/** The ERP contact no. coupled to a CRM contact, or null. */
export const erpContactNoOf = (pair: TestPair, crmContactId: string): Promise<string | null> => businessIdOf(pair, CONTACT, crmContactId);
