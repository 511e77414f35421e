import { SyncStage, isEmpty, maybeAsync, type FieldMapping, type HostServices, type SyncHooks, type TableMapping } from '@tandem/core';
import { CUSTOMER, PLUGIN_NAME } from '../constants';
import { SALESPEOPLE_MAPPING } from '../customerMapping';
import { customerAccountErrors } from '../errors';
import { salespersonPairs, type SalespersonPairs } from './salespersonCouplings';

/**
 * Seed rule: before a customer can be synchronized to an account, its salesperson must be coupled to a CRM user
 * (the salesperson is the account's owner). A customer whose salesperson is not coupled fails before any field is
 * transferred, with `TANDEM_CUSTOMER_SALESPERSON_NOT_COUPLED` naming the customer and the salesperson; it is retried
 * on the next run (and parked when it fails the same way twice, as every failure). A customer without a salesperson
 * passes: the owner is then left as it is (`notNull`), or is the integration user for a new account.
 */
export function salespersonMustBeCoupled(hooks: SyncHooks, services: HostServices): void {
  // The owner field of a mapping, looked up once per mapping object (a changed mapping is a new object).
  const ownerFields = new WeakMap<TableMapping, FieldMapping | null>();
  const ownerField = (mapping: TableMapping): FieldMapping | null => {
    let field = ownerFields.get(mapping);
    if (field === undefined) ownerFields.set(mapping, (field = mapping.fields.find((f) => f.business === 'salespersonCode' && f.reference) ?? null));
    return field;
  };
  // Without a promise once the job's pairs are loaded: the tap runs for every record.
  hooks.onBeforeTransform.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, maybeAsync((context) => {
    if (context.direction !== 'toIntegration') return;
    const field = ownerField(context.mapping);
    if (!field || field.enabled === false) return;
    const code = context.source.values.salespersonCode;
    if (isEmpty(code)) return;
    const pairs = salespersonPairs(services, context.job);
    if (pairs instanceof Promise) return pairs.then((loaded) => checkCoupled(loaded, context.source.id, String(code)));
    checkCoupled(pairs, context.source.id, String(code));
  }));
}

/** Fails a customer whose salesperson is not coupled to a user (a function of its own, not a closure per record). */
function checkCoupled({ userOf }: SalespersonPairs, customerId: string, code: string): void {
  if (!userOf.get(code)) throw customerAccountErrors.salespersonNotCoupled(customerId, code, SALESPEOPLE_MAPPING);
}
