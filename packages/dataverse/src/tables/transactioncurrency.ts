import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { activeInactiveState, createOnly, decimal, integer, primaryKey, systemRequired, text } from './columnBuilders';
import { auditColumns } from './commonColumns';
import { defineTable } from './defineTable';

/**
 * Currency: the CRM side of an ERP currency code. `isocurrencycode` is the natural key and unique: a second currency
 * with the same code is refused (`0x80048cf3`). One row is the organization's base currency.
 */
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
    // Units of this currency per unit of the base currency; must be > 0 (the base currency has 1).
    decimal('exchangerate', 10, systemRequired),
    integer('currencyprecision', systemRequired),
    activeInactiveState(),
    auditColumns(),
  ],
});
