import { ACCOUNT_STATISTICS_MONEY_COLUMNS } from '@tandem/dataverse';
import { Dec } from '@tandem/erp';
import type { CustomerStatistics } from './customerStatistics';

/** The values of a `nav_accountstatistics` row for a customer's statistics (BC CU 5350's field list). */
export function statisticsRowValues(stats: CustomerStatistics, localCurrencyId: string | null): Record<string, unknown> {
  return {
    nav_name: stats.name.slice(0, 160),
    nav_customerno: stats.customerNo,
    nav_balancelcy: stats.balanceLcy,
    nav_outstandingorderslcy: stats.outstandingOrdersLcy,
    nav_shippednotinvoicedlcy: stats.shippedNotInvoicedLcy,
    nav_outstandinginvoiceslcy: stats.outstandingInvoicesLcy,
    // This ERP has no service management or prepayments.
    nav_outstandingserviceorderslcy: '0',
    nav_servshippednotinvoicedlcy: '0',
    nav_outstandingservinvoiceslcy: '0',
    nav_totallcy: stats.totalLcy,
    nav_creditlimitlcy: stats.creditLimitLcy,
    nav_overdueamountslcy: stats.overdueAmountsLcy,
    nav_totalsaleslcy: stats.totalSalesLcy,
    nav_invoicedprepaymentamountlcy: '0',
    nav_overdueamountsasof: stats.asOfDate,
    ...(localCurrencyId ? { transactioncurrencyid: localCurrencyId } : {}),
  };
}

/**
 * The values of a new statistics row: every money column 1 (BC does the same: a money field that was never anything
 * but zero shows as "--" in the CRM's quick view, so the real values are written over the ones in a second step).
 */
export function newRowValues(values: Record<string, unknown>): Record<string, unknown> {
  return { ...values, ...Object.fromEntries(ACCOUNT_STATISTICS_MONEY_COLUMNS.map((column) => [column, '1'])) };
}

/** The fields of `wanted` whose value differs from the CRM row's (money by decimal value, dates by day, lookups by id). */
export function changedValues(wanted: Record<string, unknown>, row: Record<string, unknown>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(wanted)) {
    const current = field === 'transactioncurrencyid' ? row['_transactioncurrencyid_value'] : row[field];
    if (!same(field, value, current)) changes[field] = value;
  }
  return changes;
}

function same(field: string, wanted: unknown, current: unknown): boolean {
  if (current === null || current === undefined) return wanted === null || wanted === undefined || wanted === '';
  if ((ACCOUNT_STATISTICS_MONEY_COLUMNS as readonly string[]).includes(field)) return Dec.of(String(wanted)).compare(Dec.of(String(current))) === 0;
  if (field === 'nav_overdueamountsasof') return day(current) === String(wanted);
  if (field === 'transactioncurrencyid') return String(current).toLowerCase() === String(wanted).toLowerCase();
  return String(current) === String(wanted);
}

function day(value: unknown): string {
  return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
}
