import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { CUSTOMER, PLUGIN_NAME } from '../constants';
import { SALESPEOPLE_MAPPING } from '../customerMapping';
import { customerAccountErrors } from '../errors';
import { salespersonPairs } from './salespersonCouplings';

/**
 * Seed rule: before a customer can be synchronized to an account, its salesperson must be coupled to a CRM user
 * (the salesperson is the account's owner). A customer whose salesperson is not coupled fails before any field is
 * transferred, with `TANDEM_CUSTOMER_SALESPERSON_NOT_COUPLED` naming the customer and the salesperson; it is retried
 * on the next run (and parked when it fails the same way twice, as every failure). A customer without a salesperson
 * passes: the owner is then left as it is (`notNull`), or is the integration user for a new account.
 */
export function salespersonMustBeCoupled(hooks: SyncHooks, services: HostServices): void {
  hooks.onBeforeTransform.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, async (context) => {
    if (context.direction !== 'toIntegration') return;
    const ownerField = context.mapping.fields.find((field) => field.business === 'salespersonCode' && field.reference);
    if (!ownerField || ownerField.enabled === false) return;
    const code = context.source.values.salespersonCode;
    if (isEmpty(code)) return;
    const { userOf } = await salespersonPairs(services, context.job);
    if (!userOf.get(String(code))) throw customerAccountErrors.salespersonNotCoupled(context.source.id, String(code), SALESPEOPLE_MAPPING);
  });
}
