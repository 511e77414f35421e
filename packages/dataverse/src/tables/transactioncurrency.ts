import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { activeInactiveState, applicationRequired, createOnly, decimal, integer, primaryKey, systemRequired, text } from './columnBuilders';
import { auditColumns } from './commonColumns';
import { defineTable } from './defineTable';

/** Currency: the CRM side of an ERP currency code. `isocurrencycode` is the natural key. */
export const transactioncurrencyTable: DataverseTableDefinition = defineTable({
  logicalName: 'transactioncurrency',
  entitySetName: 'transactioncurrencies',
  primaryIdAttribute: 'transactioncurrencyid',
  primaryNameAttribute: 'currencyname',
  ownership: 'OrganizationOwned',
  columns: [
    primaryKey('transactioncurrencyid'),
    text('currencyname', 100, systemRequired),
    // ISO 4217 code, e.g. "EUR"; it cannot change once the currency exists.
    text('isocurrencycode', 5, { ...systemRequired, ...createOnly }),
    text('currencysymbol', 13, systemRequired),
    decimal('exchangerate', 10, applicationRequired),
    integer('currencyprecision', systemRequired),
    activeInactiveState(),
    auditColumns(),
  ],
});
