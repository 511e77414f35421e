import { randomUUID } from 'node:crypto';
import type { EntityManager, EntitySchema } from '@mikro-orm/core';
import { OptionMappingSchema, SyncStage, isEmpty, maybeAsync, type HostServices, type SyncHooks, type SyncJob, type WriteContext } from '@tandem/core';
import { PaymentTermsSchema, ShipmentMethodSchema, ShippingAgentSchema } from '@tandem/erp';
import { CUSTOMER, PAYMENT_TERMS, PLUGIN_NAME, SHIPMENT_METHOD, SHIPPING_AGENT } from '../constants';

/** The customer's option-coded fields, their option set, and how a new ERP row of that code is made from a label. */
const CODE_TABLES: readonly { field: string; optionSet: string; schema: EntitySchema<any>; row: (label: string) => Record<string, unknown> }[] = [
  { field: 'paymentTermsCode', optionSet: PAYMENT_TERMS, schema: PaymentTermsSchema, row: (label) => ({ description: label, dueDateCalculation: dueDateOf(label) }) },
  { field: 'shipmentMethodCode', optionSet: SHIPMENT_METHOD, schema: ShipmentMethodSchema, row: (label) => ({ description: label }) },
  { field: 'shippingAgentCode', optionSet: SHIPPING_AGENT, schema: ShippingAgentSchema, row: (label) => ({ name: label.slice(0, 50), internetAddress: null }) },
];

/** 'Net 30' and '2% 10, Net 30' → '30D'; anything else has no formula (the invoice is due on posting). */
export function dueDateOf(label: string): string | null {
  const days = /net\s*(\d+)/i.exec(label)?.[1];
  return days ? `${days}D` : null;
}

/**
 * An option code a customer gets from the CRM exists in the ERP's code table afterwards (BC inserts the Payment
 * Terms / Shipment Method / Shipping Agent row when it synchronizes an option from Dataverse). The ERP has no foreign
 * keys, but its sales orders check these codes, so a customer made from an account must not carry a code the ERP
 * does not know. A missing row is inserted in the page's transaction, described by the option's label (payment terms
 * also get a due-date formula from a "Net N" label).
 */
export function optionCodesExistInErp(hooks: SyncHooks, services: HostServices): void {
  // Codes known to exist, per job: each code is looked up once per job, not once per customer.
  const knownByJob = new WeakMap<SyncJob, Map<string, Set<string>>>();
  const ensure = async (context: WriteContext) => {
    if (context.direction !== 'fromIntegration') return;
    const em: EntityManager = context.transaction?.join(services.orm.em) ?? services.orm.em.fork();
    let known = knownByJob.get(context.job);
    if (!known) knownByJob.set(context.job, (known = new Map(CODE_TABLES.map((t) => [t.field, new Set<string>()]))));
    for (const table of CODE_TABLES) {
      const code = context.values[table.field];
      if (isEmpty(code)) continue;
      const codes = known.get(table.field)!;
      if (codes.has(String(code))) continue;
      if (await em.findOne(table.schema, { code: String(code) }, { disableIdentityMap: true })) {
        codes.add(String(code));
        continue;
      }
      // Read through the page's own EntityManager: another connection could wait on this transaction.
      const option = await em.findOne(OptionMappingSchema, { optionSet: table.optionSet, businessValue: String(code) }, { disableIdentityMap: true });
      const label = option?.label ?? String(code);
      await em.insert(table.schema, { code: String(code), ...table.row(label), systemId: randomUUID(), modifiedAt: new Date() });
      codes.add(String(code));
    }
  };
  /** Whether every code of the row is known to exist already (what most rows of a job find): nothing to wait for. */
  const allKnown = (context: WriteContext): boolean => {
    const known = knownByJob.get(context.job);
    if (!known) return false;
    for (const table of CODE_TABLES) {
      const code = context.values[table.field];
      if (!isEmpty(code) && !known.get(table.field)!.has(String(code))) return false;
    }
    return true;
  };
  // Only rows written to the ERP carry codes to check, and only a code not seen yet needs a promise: the tap runs for
  // every row written, inside the page's transaction.
  const tap = maybeAsync((context: WriteContext) => (context.direction === 'fromIntegration' && !allKnown(context) ? ensure(context) : undefined));
  hooks.onAfterInsert.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, tap);
  hooks.onAfterModify.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, tap);
}
