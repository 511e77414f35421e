import type { DataverseTableDefinition } from './DataverseTableDefinition';
import {
  applicationRequired,
  createOnly,
  customer,
  dateTime,
  lookup,
  memo,
  picklist,
  primaryKey,
  stateColumns,
  systemRequired,
  text,
} from './columnBuilders';
import { auditColumns, ownerColumns } from './commonColumns';
import { defineTable } from './defineTable';

/**
 * Case (`incident`): a customer service issue of an account or contact. Active cases are resolved or canceled
 * (Resolve / Cancel in the service; here by writing the state). Columns as the Dataverse table reference lists them.
 */
export const incidentTable: DataverseTableDefinition = defineTable({
  logicalName: 'incident',
  entitySetName: 'incidents',
  primaryIdAttribute: 'incidentid',
  primaryNameAttribute: 'title',
  ownership: 'UserOwned',
  columns: [
    primaryKey('incidentid'),
    text('title', 200, applicationRequired),
    // Auto-numbered by the server when a create omits it ("CAS-01000-…").
    text('ticketnumber', 100, { ...systemRequired, ...createOnly }),
    customer('customerid', ['account', 'contact'], applicationRequired),
    lookup('primarycontactid', 'contact'),
    lookup('productid', 'product'),
    memo('description', 2000),
    picklist('prioritycode', { 1: 'High', 2: 'Normal', 3: 'Low' }),
    picklist('caseorigincode', { 1: 'Phone', 2: 'Email', 3: 'Web', 2483: 'Facebook', 3986: 'Twitter', 700610000: 'IoT' }),
    picklist('casetypecode', { 1: 'Question', 2: 'Problem', 3: 'Request' }),
    picklist('severitycode', { 1: 'Default Value' }),
    dateTime('followupby'),
    stateColumns({
      0: ['Active', { 1: 'In Progress', 2: 'On Hold', 3: 'Waiting for Details', 4: 'Researching' }],
      1: ['Resolved', { 5: 'Problem Solved', 1000: 'Information Provided' }],
      2: ['Canceled', { 6: 'Canceled', 2000: 'Merged' }],
    }),
    auditColumns(),
    ownerColumns(),
  ],
});
