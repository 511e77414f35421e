import type { TableMappingDefinition } from '@tandem/core';
import { SALES_ORDER } from '@tandem/plugin-sales-order';
import { CRM_ORDER_TABLE, NOTE_TABLE, NOTE_TYPE, SALES_ORDER_NOTES } from './constants';

/**
 * BC's sales-order notes job (reference §6.6, every 5 minutes: CRM annotations ↔ Record Links, with their own
 * "CRM Annotation Coupling"): ERP notes on sales orders ↔ CRM text notes on sales orders, both ways.
 *
 * - ERP side: Record Links of type Note on `SalesHeader`. CRM side: annotations on `salesorder` that are not files.
 * - Only notes of orders coupled in SALESORDER-ORDER take part (rule `onlyCoupledOrders`); the order travels as a
 *   reference through those couplings (`recordNo` ↔ `objectid`).
 * - A regular run creates new notes on both sides (`syncOnlyCoupled: false`); the mapping's own couplings, and the
 *   deterministic id of every created row, make sure a note is never created twice.
 */
export const notesMapping: TableMappingDefinition = {
  name: SALES_ORDER_NOTES,
  businessTable: 'RecordLink',
  integrationTable: 'annotation',
  direction: 'bidirectional',
  syncOnlyCoupled: false,
  businessFilter: { tableName: NOTE_TABLE, type: NOTE_TYPE },
  integrationFilter: { objecttypecode: CRM_ORDER_TABLE, isdocument: false },
  dependsOn: [SALES_ORDER],
  updateConflictResolution: 'none',
  deletionConflictResolution: 'none',
  // BC's notes job: every 5 minutes; 720 minutes of inactivity as the order job.
  schedule: { intervalSeconds: 5 * 60, inactivityTimeoutSeconds: 720 * 60 },
  fields: [
    { business: 'recordNo', integration: 'objectid', reference: { mapping: SALES_ORDER } },
    { business: 'note', integration: 'notetext' },
    { business: 'description', integration: 'subject' },
    { business: 'tableName', constant: NOTE_TABLE, direction: 'fromIntegration' },
    { business: 'type', constant: NOTE_TYPE, direction: 'fromIntegration' },
  ],
};
