import { SyncStage, type SyncHooks } from '@tandem/core';
import { CUSTOMER } from '@tandem/plugin-customer-account';

/**
 * Account names in capitals in the CRM, while the ERP keeps its own spelling: on the way to the CRM the name is
 * upper-cased; on the way back, a CRM name that only differs by case from the ERP's is not a change (else a full sync
 * would write the capitals into the ERP).
 */
export function upperCaseAccountNames(hooks: SyncHooks, tap: string): void {
  hooks.onTransferField.for(CUSTOMER).tap({ name: tap, stage: SyncStage.TRANSLATE, fields: ['name'] }, (value, ctx) => {
    if (typeof value !== 'string') return value;
    if (ctx.direction === 'toIntegration') return value.toUpperCase();
    const erpName = ctx.destination?.values.name;
    return typeof erpName === 'string' && erpName.toUpperCase() === value ? erpName : value;
  });
}
