import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { activeInactiveState, dateTime, moneyWithBase, primaryKey, text } from './columnBuilders';
import { auditColumns, currencyColumns } from './commonColumns';
import { defineTable } from './defineTable';

/**
 * The money columns of a statistics row, as the Business Central / NAV integration solution names them (BC table 5367
 * "CRM Account Statistics"); each has its read-only `<name>_base` companion. The customer statistics job writes them.
 */
export const ACCOUNT_STATISTICS_MONEY_COLUMNS = [
  'nav_balancelcy',
  'nav_outstandingorderslcy',
  'nav_shippednotinvoicedlcy',
  'nav_outstandinginvoiceslcy',
  'nav_outstandingserviceorderslcy',
  'nav_servshippednotinvoicedlcy',
  'nav_outstandingservinvoiceslcy',
  'nav_totallcy',
  'nav_creditlimitlcy',
  'nav_overdueamountslcy',
  'nav_totalsaleslcy',
  'nav_invoicedprepaymentamountlcy',
] as const;

/**
 * Account Statistics (`nav_accountstatistics`): the table the Business Central integration solution adds to the CRM,
 * one row per coupled customer, shown in the account's "Business Central Account Statistics" quick view. The account
 * points at its row through the lookup `nav_accountstatisticsid` (BC's field AccountStatiticsId). Logical and column
 * names are the solution's own (BC's `CRMAccountStatistics.Table.al`); the row is organization-owned there too.
 */
export const navAccountStatisticsTable: DataverseTableDefinition = defineTable({
  logicalName: 'nav_accountstatistics',
  entitySetName: 'nav_accountstatisticses',
  primaryIdAttribute: 'nav_accountstatisticsid',
  primaryNameAttribute: 'nav_name',
  ownership: 'OrganizationOwned',
  columns: [
    primaryKey('nav_accountstatisticsid'),
    text('nav_name', 160),
    text('nav_customerno', 20),
    ...ACCOUNT_STATISTICS_MONEY_COLUMNS.map((name) => moneyWithBase(name, 2)),
    dateTime('nav_overdueamountsasof', { format: 'DateOnly', behavior: 'DateOnly' }),
    currencyColumns(),
    activeInactiveState(),
    auditColumns(),
  ],
});
