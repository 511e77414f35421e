import type { EntityManager } from '@mikro-orm/core';
import type { Row } from '@tandem/core';
import { OpportunitySchema, type Opportunity } from '@tandem/erp';
import { CONTACT } from '@tandem/plugin-contact';
import { addCompany, addPerson, startContactPair } from '@tandem/plugin-contact/testing';
import { businessIdOf, getCrm, integrationIdOf, type TestPair } from '@tandem/testing';
import { OPPORTUNITY, OpportunityPlugin } from '../src/index';

/**
 * The contact pair (`@tandem/plugin-contact/testing`) with the opportunity plugin: customers C1 and C2 with their
 * company contacts K1 and K2 and the persons P1 (of K1) and P2 (of K2), all synchronized.
 */
export function startOpportunityPair(): Promise<TestPair> {
  return startContactPair({
    plugins: [OpportunityPlugin],
    seed: async (em) => {
      for (const n of ['1', '2']) {
        await addCompany(em, `K${n}`, `C${n}`);
        await addPerson(em, `P${n}`, `K${n}`, { name: `Person ${n}`, firstName: 'Person', middleName: null, surname: n, currencyCode: null });
      }
    },
    sync: [CONTACT],
  });
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

export async function crmOpportunityOf(pair: TestPair, no: string): Promise<Row> {
  return getCrm(pair, 'opportunity', await integrationIdOf(pair, OPPORTUNITY, no));
}

export const erpOpportunityNoOf = (pair: TestPair, crmId: string): Promise<string | null> => businessIdOf(pair, OPPORTUNITY, crmId);
