import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema, takeNextNo } from '@tandem/erp';
import { CONTACT, PLUGIN_NAME } from '../constants';
import { contactErrors } from '../errors';

/**
 * A new ERP contact made from a CRM contact takes its number from `ErpSetup.contactNos` (NAV's Marketing Setup
 * "Contact Nos."). Without a setup row or series: `TANDEM_CONTACT_NUMBER_SERIES_MISSING`. As for customers, the number
 * is taken before the page's write transaction: a record that then fails leaves a gap, never a duplicate.
 */
export function contactNumberFromSeries(hooks: SyncHooks, services: HostServices): void {
  hooks.onBeforeInsert.for(CONTACT).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, async (context) => {
    if (context.direction !== 'fromIntegration' || !isEmpty(context.values.no)) return;
    const em = services.orm.em.fork();
    const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
    if (!setup) throw contactErrors.numberSeriesMissing('there is no ERP setup row');
    if (!setup.contactNos) throw contactErrors.numberSeriesMissing('the ERP setup names no contact number series');
    context.values.no = await takeNextNo(em, setup.contactNos);
  });
}
