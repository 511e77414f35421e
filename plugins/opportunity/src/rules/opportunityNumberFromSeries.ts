import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema, takeNextNo } from '@tandem/erp';
import { OPPORTUNITY, PLUGIN_NAME } from '../constants';
import { opportunityErrors } from '../errors';

/**
 * A new ERP opportunity made from the CRM takes the next number of `ErpSetup.opportunityNos` (no setup row or series
 * → `TANDEM_OPPORTUNITY_NUMBER_SERIES_MISSING`) and today's date as its creation date. The number is taken before the
 * page's transaction: a record that then fails leaves a gap, never a duplicate.
 */
export function opportunityNumberFromSeries(hooks: SyncHooks, services: HostServices): void {
  hooks.onBeforeInsert.for(OPPORTUNITY).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, async (context) => {
    if (context.direction !== 'fromIntegration') return;
    context.values.creationDate ??= services.clock.now().toISOString().slice(0, 10);
    if (!isEmpty(context.values.no)) return;
    const em = services.orm.em.fork();
    const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
    if (!setup) throw opportunityErrors.numberSeriesMissing('there is no ERP setup row');
    if (!setup.opportunityNos) throw opportunityErrors.numberSeriesMissing('the ERP setup names no opportunity number series');
    context.values.no = await takeNextNo(em, setup.opportunityNos);
  });
}
