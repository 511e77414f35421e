import { SyncStage, isEmpty, type HostServices, type SyncHooks } from '@tandem/core';
import { CRM_ORDER_TABLE, DESCRIPTION_LENGTH, PLUGIN_NAME, SALES_ORDER_NOTES } from '../constants';

/** The CRM note's regarding lookup, by its read name. */
export const REGARDING_FIELD = '_objectid_value';

/** The user id a note made from the CRM is recorded with (BC records the integration's user). */
export const CRM_NOTE_USER = 'CRM';

/**
 * What a note gets besides its mapped fields:
 * - ERP ← CRM, new note: created at the annotation's `createdon` (or now), by `CRM`, not notifying anyone.
 * - ERP ← CRM: a subject longer than the ERP's 250-character description is cut (BC keeps the text in the note).
 * - ERP → CRM: a note without a description gets the subject "Note" (the CRM shows notes by their subject).
 * - ERP → CRM: the regarding order is written bound to `salesorder`. The reference gives a bare id, and `objectid`
 *   points at several tables; bound, the store need not look the id up in each of them (and the comparison before
 *   the write still sees the plain id, so an unchanged note writes nothing).
 */
export function noteDefaults(hooks: SyncHooks, services: HostServices): void {
  hooks.onTransferField.for(SALES_ORDER_NOTES).tap({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE, fields: ['description'] }, (value, context) => {
    if (context.direction === 'fromIntegration' && typeof value === 'string') return value.slice(0, DESCRIPTION_LENGTH);
    return value;
  });
  hooks.onBeforeInsert.for(SALES_ORDER_NOTES).tap({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, (context) => {
    if (context.direction === 'fromIntegration') {
      const created = context.source.values.createdon;
      context.values.createdAt ??= created instanceof Date ? created : services.clock.now();
      context.values.userId ??= CRM_NOTE_USER;
      context.values.notify ??= false;
    } else if (isEmpty(context.values.subject)) {
      context.values.subject = 'Note';
    }
  });
  const bindRegarding = (context: { direction: string; values: Record<string, unknown> }) => {
    const id = context.values[REGARDING_FIELD];
    if (context.direction === 'toIntegration' && typeof id === 'string' && id !== '') context.values[REGARDING_FIELD] = { table: CRM_ORDER_TABLE, id };
  };
  hooks.onBeforeInsert.for(SALES_ORDER_NOTES).tap({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, bindRegarding);
  hooks.onBeforeModify.for(SALES_ORDER_NOTES).tap({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, bindRegarding);
}
