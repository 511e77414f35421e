import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema, takeNextNo } from '@tandem/erp';
import { CUSTOMER, PLUGIN_NAME } from '../constants';
import { customerAccountErrors } from '../errors';

/**
 * A new ERP customer made from a CRM account takes its number from the setup's customer number series
 * (`ErpSetup.customerNos`), as BC fills "No." from the template's series. Without a setup row or series the record
 * fails with `TANDEM_CUSTOMER_NUMBER_SERIES_MISSING` (and the series' own errors when it cannot count on).
 *
 * The number is taken before the page's write transaction (before-write hooks run outside it), so a record that then
 * fails to be written leaves a gap in the series; it never gives the same number twice.
 */
export function customerNumberFromSeries(hooks: SyncHooks, services: HostServices): void {
  hooks.onBeforeInsert.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, async (context) => {
    if (context.direction !== 'fromIntegration' || !isEmpty(context.values.no)) return;
    const em = services.orm.em.fork();
    const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
    if (!setup) throw customerAccountErrors.numberSeriesMissing('there is no ERP setup row');
    if (!setup.customerNos) throw customerAccountErrors.numberSeriesMissing('the ERP setup names no customer number series');
    context.values.no = await takeNextNo(em, setup.customerNos);
  });
}
