import type { Row } from '@tandem/core';
import type { TestPair } from '@tandem/testing';
import { CUSTOMER } from '../src/index';

/** Creates an account as the CRM person; returns its id. */
export async function addAccount(pair: TestPair, values: Record<string, unknown>): Promise<string> {
  const [result] = await pair.crm.write('account', [{ kind: 'insert', ref: 'new', values: { customertypecode: 3, ...values } }]);
  if (!result?.ok) throw result?.error ?? new Error('no write result');
  return result.id;
}

/** Changes an account as the CRM person. */
export async function changeAccount(pair: TestPair, id: string, values: Record<string, unknown>): Promise<void> {
  const [result] = await pair.crm.write('account', [{ kind: 'update', ref: id, id, values }]);
  if (!result?.ok) throw result?.error ?? new Error('no write result');
}

export async function getAccount(pair: TestPair, id: string): Promise<Row> {
  const [row] = await pair.crm.getByIds('account', [id]);
  if (!row) throw new Error(`account ${id} not found`);
  return row;
}

/** The account coupled to an ERP customer. */
export async function accountOf(pair: TestPair, customerNo: string): Promise<Row> {
  const coupling = await pair.host.state.findCoupling(CUSTOMER, 'business', customerNo);
  if (!coupling?.integrationId) throw new Error(`customer ${customerNo} is not coupled`);
  return getAccount(pair, coupling.integrationId);
}

/** The ERP customer no. coupled to an account. */
export async function customerNoOf(pair: TestPair, accountId: string): Promise<string | null> {
  return (await pair.host.state.findCoupling(CUSTOMER, 'integration', accountId))?.businessId ?? null;
}

/** The CRM transactioncurrencyid of an ERP currency code, through the CURRENCY couplings. */
export async function crmCurrencyId(pair: TestPair, currencyCode: string): Promise<string> {
  const coupling = await pair.host.state.findCoupling('CURRENCY', 'business', currencyCode);
  if (!coupling?.integrationId) throw new Error(`currency ${currencyCode} is not coupled`);
  return coupling.integrationId;
}

/** Every job counter that means a write or a failure, summed. */
export function writesAndFailures(jobs: { inserted: number; modified: number; failed: number; skipped: number }[]): number {
  return jobs.reduce((sum, job) => sum + job.inserted + job.modified + job.failed + job.skipped, 0);
}
