import type { EntityManager } from '@mikro-orm/core';
import type { Row } from '@tandem/core';
import {
  ContactBusinessRelationSchema, ContactSchema, CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema, NoSeriesSchema, OpportunitySchema,
  SalespersonSchema, type Opportunity,
} from '@tandem/erp';
import { CONTACT } from '@tandem/plugin-contact';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import type { TestPair } from '@tandem/testing';
import { OPPORTUNITY } from '../src/index';

export const CRM_PERSON = { userId: 'c0c0c0c0-0000-4000-8000-00000000c0de', fullName: 'Casey CRM' };
export const SELLER = { userId: '5e11e500-0000-4000-8000-000000000001', fullName: 'Sam Seller' };

/**
 * Setup with the series, SP1, customers C1 and C2 with their company contacts K1 and K2 (business relations), and the
 * persons P1 (of K1) and P2 (of K2).
 */
export async function seedErp(em: EntityManager): Promise<void> {
  em.create(ErpSetupSchema, {
    key: ERP_SETUP_KEY, localCurrencyCode: 'USD', writeInItemNo: null, customerNos: 'CUST', itemNos: null, salespersonNos: null, orderNos: null,
    postedInvoiceNos: null, contactNos: 'CONT', opportunityNos: 'OPP',
  } as never);
  for (const [code, startingNo] of [['CUST', 'C10001'], ['CONT', 'CT10001'], ['OPP', 'OP10001']]) {
    em.create(NoSeriesSchema, { code, description: code, startingNo, lastNoUsed: null } as never);
  }
  em.create(SalespersonSchema, { code: 'SP1', name: 'Sam Seller', email: null, phoneNo: null, jobTitle: null, blocked: false } as never);
  for (const n of ['1', '2']) {
    em.create(CustomerSchema, { no: `C${n}`, name: `Customer C${n}`, salespersonCode: 'SP1', creditLimitLcy: '0', blocked: '' } as never);
    em.create(ContactSchema, { no: `K${n}`, type: 'Company', companyNo: `K${n}`, companyName: `Company K${n}`, name: `Company K${n}` } as never);
    em.create(ContactBusinessRelationSchema, { contactNo: `K${n}`, businessRelationCode: 'CUST', linkToTable: 'Customer', no: `C${n}` } as never);
    em.create(ContactSchema, { no: `P${n}`, type: 'Person', companyNo: `K${n}`, companyName: `Company K${n}`, name: `Person ${n}`, firstName: 'Person', surname: n, salespersonCode: 'SP1' } as never);
  }
  await em.flush();
}

export async function addOpportunity(em: EntityManager, no: string, overrides: Partial<Opportunity> = {}): Promise<void> {
  em.create(OpportunitySchema, {
    no, description: `Deal ${no}`, contactNo: 'P1', contactCompanyNo: 'K1', salespersonCode: 'SP1', status: 'In Progress', creationDate: '2025-03-01',
    dateClosed: null, estimatedValueLcy: '12500.5', estimatedClosingDate: '2025-09-30', probabilityPercent: '50', ...overrides,
  } as never);
  await em.flush();
}

export async function changeOpportunity(em: EntityManager, no: string, changes: Partial<Opportunity>): Promise<void> {
  const row = await em.findOneOrFail(OpportunitySchema, { no });
  Object.assign(row, changes);
  await em.flush();
}

export async function getOpportunity(em: EntityManager, no: string): Promise<Opportunity | null> {
  return em.findOne(OpportunitySchema, { no }, { disableIdentityMap: true });
}

export async function addCrm(pair: TestPair, table: string, values: Record<string, unknown>): Promise<string> {
  const [result] = await pair.crm.write(table, [{ kind: 'insert', ref: 'new', values }]);
  if (!result?.ok) throw result?.error ?? new Error('no write result');
  return result.id;
}

export async function changeCrm(pair: TestPair, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  const [result] = await pair.crm.write(table, [{ kind: 'update', ref: id, id, values }]);
  if (!result?.ok) throw result?.error ?? new Error('no write result');
}

async function coupled(pair: TestPair, mapping: string, businessId: string): Promise<string> {
  const coupling = await pair.host.state.findCoupling(mapping, 'business', businessId);
  if (!coupling?.integrationId) throw new Error(`${mapping} ${businessId} is not coupled`);
  return coupling.integrationId;
}

export const accountIdOf = (pair: TestPair, customerNo: string) => coupled(pair, CUSTOMER, customerNo);
export const crmContactIdOf = (pair: TestPair, contactNo: string) => coupled(pair, CONTACT, contactNo);

export async function crmOpportunityOf(pair: TestPair, no: string): Promise<Row> {
  const [row] = await pair.crm.getByIds('opportunity', [await coupled(pair, OPPORTUNITY, no)]);
  if (!row) throw new Error(`CRM opportunity of ${no} not found`);
  return row;
}

export async function erpOpportunityNoOf(pair: TestPair, crmId: string): Promise<string | null> {
  return (await pair.host.state.findCoupling(OPPORTUNITY, 'integration', crmId))?.businessId ?? null;
}

export function writesAndFailures(jobs: { inserted: number; modified: number; failed: number; skipped: number }[]): number {
  return jobs.reduce((sum, job) => sum + job.inserted + job.modified + job.failed + job.skipped, 0);
}
