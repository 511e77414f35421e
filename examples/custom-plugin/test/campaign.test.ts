// The custom plugin on a real host: the ERP SQLite file, the Dataverse emulator over HTTP (startTestPair).
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MappingValidationError, type Row, type SyncJob } from '@tandem/core';
import { nextSecond, startTestPair, type TestPair } from '@tandem/testing';
import { CAMPAIGN_TABLE_FILE, renderCampaignTable } from '../scripts/generate-campaign-table';
import { CAMPAIGN, CampaignPlugin, CampaignSchema, type Campaign } from '../src/index';

let pair: TestPair;
beforeAll(async () => {
  pair = await startTestPair({ plugins: [CampaignPlugin] });
}, 60_000);
afterAll(async () => pair?.close());

/** A date-only CRM value (read as a Date) as `YYYY-MM-DD`. */
const day = (value: unknown) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value));
const byDirection = (jobs: SyncJob[]) => Object.fromEntries(jobs.map((j) => [j.direction, j]));

async function addErpCampaign(values: Partial<Campaign> & Pick<Campaign, 'no' | 'description'>): Promise<void> {
  await pair.erp().insert(CampaignSchema, {
    typeCode: null, startingDate: null, endingDate: null, budgetedCost: null, notes: null,
    ...values, systemId: randomUUID(), modifiedAt: new Date(),
  });
}

async function crmInsert(values: Record<string, unknown>): Promise<string> {
  const [result] = await pair.crm.write('campaign', [{ kind: 'insert', ref: 'c', values }]);
  if (!result?.ok) throw new Error(`insert failed: ${result?.ok === false ? result.error.message : ''}`);
  return String(result.id);
}

async function crmCampaign(erpNo: string): Promise<Row> {
  const id = (await pair.host.state.findCoupling(CAMPAIGN, 'business', erpNo))?.integrationId;
  if (!id) throw new Error(`${erpNo} is not coupled`);
  return (await pair.crm.getByIds('campaign', [id]))[0]!;
}

describe('CampaignPlugin: ERP Campaign ↔ CRM campaign', () => {
  it('an ERP campaign becomes a CRM campaign: code, name, type (option set), dates, budget, notes', async () => {
    await addErpCampaign({ no: 'CP1001', description: 'Spring Fair', typeCode: 'EVENT', startingDate: '2026-03-01', endingDate: '2026-03-15', budgetedCost: '12500.5', notes: 'Booth 14' });
    const jobs = byDirection(await pair.host.engine.run(CAMPAIGN));
    expect(jobs.toIntegration).toMatchObject({ inserted: 1, failed: 0 });
    const row = await crmCampaign('CP1001');
    expect(row.values).toMatchObject({ codename: 'CP1001', name: 'Spring Fair', typecode: 3, description: 'Booth 14' });
    expect(day(row.values.proposedstart)).toBe('2026-03-01');
    expect(day(row.values.proposedend)).toBe('2026-03-15');
    expect(Number(row.values.budgetedcost)).toBe(12500.5);
  });

  it('a CRM campaign becomes an ERP campaign numbered by its campaign code; CRM templates are left out', async () => {
    await nextSecond();
    const id = await crmInsert({ name: 'Summer Mailing', codename: 'SUMMER-26', typecode: 2, proposedstart: '2026-06-01', proposedend: '2026-06-30', budgetedcost: 4000 });
    await crmInsert({ name: 'Template: webinar', typecode: 3, istemplate: true });
    const jobs = byDirection(await pair.host.engine.run(CAMPAIGN));
    expect(jobs.fromIntegration).toMatchObject({ inserted: 1, failed: 0 });
    expect((await pair.host.state.findCoupling(CAMPAIGN, 'integration', id))?.businessId).toBe('SUMMER-26');
    const campaign = await pair.erp().findOneOrFail(CampaignSchema, { no: 'SUMMER-26' });
    expect(campaign).toMatchObject({ description: 'Summer Mailing', typeCode: 'MAIL', startingDate: '2026-06-01', endingDate: '2026-06-30' });
    expect(Number(campaign.budgetedCost)).toBe(4000);
    expect(await pair.erp().count(CampaignSchema, { description: { $like: 'Template%' } })).toBe(0);
  });

  it('a change on each side travels to the other', async () => {
    await nextSecond();
    await pair.erp().nativeUpdate(CampaignSchema, { no: 'CP1001' }, { budgetedCost: '15000', modifiedAt: new Date() });
    const summer = (await pair.host.state.findCoupling(CAMPAIGN, 'business', 'SUMMER-26'))!.integrationId!;
    await pair.crm.write('campaign', [{ kind: 'update', ref: 'u', id: summer, values: { proposedend: '2026-07-15' } }]);
    await nextSecond();
    const jobs = byDirection(await pair.host.engine.run(CAMPAIGN));
    expect(jobs.toIntegration).toMatchObject({ modified: 1, failed: 0 });
    expect(jobs.fromIntegration).toMatchObject({ modified: 1, failed: 0 });
    expect(Number((await crmCampaign('CP1001')).values.budgetedcost)).toBe(15000);
    expect((await pair.erp().findOneOrFail(CampaignSchema, { no: 'SUMMER-26' })).endingDate).toBe('2026-07-15');
  });

  it('a campaign that ends before it starts fails alone with TANDEM_CAMPAIGN_DATES_INVALID, and goes once corrected', async () => {
    await nextSecond();
    await addErpCampaign({ no: 'CP1002', description: 'Backwards', startingDate: '2026-09-30', endingDate: '2026-09-01' });
    await addErpCampaign({ no: 'CP1003', description: 'Autumn Webinar', typeCode: 'OTHER', startingDate: '2026-10-01', endingDate: '2026-10-02' });
    const jobs = byDirection(await pair.host.engine.run(CAMPAIGN));
    expect(jobs.toIntegration).toMatchObject({ inserted: 1, failed: 1 });
    expect((await crmCampaign('CP1003')).values.typecode).toBe(5);
    const [error] = await pair.host.state.errors(CAMPAIGN, { jobId: jobs.toIntegration!.id });
    expect(error).toMatchObject({ sourceId: 'CP1002', code: 'TANDEM_CAMPAIGN_DATES_INVALID' });
    expect(error!.message).toContain('ends (2026-09-01) before it starts (2026-09-30)');

    await nextSecond();
    await pair.erp().nativeUpdate(CampaignSchema, { no: 'CP1002' }, { endingDate: '2026-10-31', modifiedAt: new Date() });
    expect(byDirection(await pair.host.engine.run(CAMPAIGN)).toIntegration).toMatchObject({ inserted: 1, failed: 0 });
    expect((await crmCampaign('CP1002')).values.name).toBe('Backwards');
  });

  it('mapping settings are validated against the generated table: a misspelt column is refused, naming the right one', async () => {
    const refused = await pair.host.mappings.update(CAMPAIGN, { integrationFilter: { typcode: 3 } }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MappingValidationError);
    expect((refused as MappingValidationError).code).toBe('TANDEM_MAPPING_INVALID');
    expect((refused as MappingValidationError).problems.join('\n')).toMatch(/typcode.*typecode/);
    expect(pair.host.mappings.get(CAMPAIGN).integrationFilter).toBeUndefined();
  });

  it('the committed table definition is what the generator produces from the emulator today', async () => {
    expect(readFileSync(CAMPAIGN_TABLE_FILE, 'utf8')).toBe(await renderCampaignTable());
  });
});
