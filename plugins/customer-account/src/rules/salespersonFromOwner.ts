import { SyncStage, isEmpty, maybeAsync, type HostServices, type SyncHooks, type TransformContext } from '@tandem/core';
import { CUSTOMER, PLUGIN_NAME } from '../constants';
import { salespersonPairs, type SalespersonPairs } from './salespersonCouplings';

/**
 * BC rule (reference §8, Account → Customer): the customer's salesperson comes from the account's owner. The field
 * mapping itself is one way (salesperson → owner); this rule adds the way back where it is safe: when the account's
 * owner is a CRM user coupled to a salesperson, and that salesperson differs from the customer's, the customer gets
 * it. An owner that is not coupled (a team, the integration user, a person with no salesperson) leaves the
 * customer's salesperson as it is.
 */
export function salespersonFromOwner(hooks: SyncHooks, services: HostServices): void {
  const apply = (context: TransformContext, owner: unknown, { codeOf }: SalespersonPairs) => {
    const code = codeOf.get(String(owner).toLowerCase());
    if (!code || context.destination?.values.salespersonCode === code) return;
    context.changes.salespersonCode = code;
  };
  // Without a promise once the job's pairs are loaded (and in the other direction): the tap runs for every record.
  hooks.onAfterTransform.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, maybeAsync((context) => {
    if (context.direction !== 'fromIntegration') return;
    const owner = context.source.values._ownerid_value;
    if (isEmpty(owner)) return;
    const pairs = salespersonPairs(services, context.job);
    return pairs instanceof Promise ? pairs.then((loaded) => apply(context, owner, loaded)) : apply(context, owner, pairs);
  }));
}
