import { SyncStage, type HostServices, type SyncDirection, type SyncHooks } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { CONTACT, PLUGIN_NAME } from '../constants';
import { PageCouplings } from '../PageCouplings';

/** The ERP customer's primary contact no. */
export const PRIMARY_CONTACT_NO = 'primaryContactNo';
/** The CRM account's primary contact lookup, by its read name. */
export const PRIMARY_CONTACT_FIELD = '_primarycontactid_value';

const blank = (value: unknown): boolean => value === null || value === undefined || String(value).trim() === '';

/**
 * Reference §5.2 CUSTOMER: Primary Contact No. ↔ PrimaryContactId, bidirectional, through the CONTACT couplings. The
 * field belongs to the CUSTOMER mapping of another plugin and core has no way for a plugin to add a field mapping to
 * another plugin's mapping, so this rule adds the value in `onAfterTransform` of CUSTOMER (after core's comparison,
 * so it writes only when the value differs from the destination's, and an unchanged customer stays unchanged).
 *
 * As BC (§3.6 "Primary Contact No."): a blank source keeps the destination's value, and the field has Clear Value on
 * Failed Sync: a primary contact that is not coupled in CONTACT clears the other side instead of failing the customer.
 * The couplings are looked up once per page (`PageCouplings`).
 */
export function primaryContactOnCustomer(hooks: SyncHooks, services: HostServices): void {
  const byDirection: Record<SyncDirection, PageCouplings> = {
    toIntegration: new PageCouplings(services, CONTACT, 'business'),
    fromIntegration: new PageCouplings(services, CONTACT, 'integration'),
  };
  const sourceValue = (direction: SyncDirection, values: Record<string, unknown>): string | null => {
    const value = values[direction === 'toIntegration' ? PRIMARY_CONTACT_NO : PRIMARY_CONTACT_FIELD];
    if (blank(value)) return null;
    return direction === 'toIntegration' ? String(value) : String(value).toLowerCase();
  };

  hooks.onQueryPostFilter.for(CUSTOMER).tap({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, (context) => {
    const value = sourceValue(context.direction, context.source.values);
    if (value !== null) byDirection[context.direction].want(value);
    return undefined;
  });

  hooks.onAfterTransform.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, async (context) => {
    const value = sourceValue(context.direction, context.source.values);
    if (value === null) return; // blank source: the destination keeps its primary contact
    const counterpart = await byDirection[context.direction].counterpart(value);
    if (context.direction === 'toIntegration') {
      const current = context.destination?.values[PRIMARY_CONTACT_FIELD];
      const currentId = blank(current) ? null : String(current).toLowerCase();
      if (counterpart?.toLowerCase() === currentId || (counterpart === null && currentId === null)) return;
      context.changes[PRIMARY_CONTACT_FIELD] = counterpart === null ? null : { table: 'contact', id: counterpart };
    } else {
      const current = context.destination?.values[PRIMARY_CONTACT_NO];
      const currentNo = blank(current) ? null : String(current);
      if (counterpart === currentNo) return;
      context.changes[PRIMARY_CONTACT_NO] = counterpart;
    }
  });

  // Forget a page's couplings once the page after it is committed, and anything a job that stopped early left behind.
  hooks.onAfterCommit.for(CUSTOMER).tap({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, (context) => byDirection[context.direction].pageCommitted());
  hooks.onJobStart.for(CUSTOMER).tap({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, (context) => byDirection[context.direction]?.clear());
}
