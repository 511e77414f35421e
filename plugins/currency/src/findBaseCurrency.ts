import type { Row, TableStore } from '@tandem/core';
import { currencyErrors } from './errors';

/**
 * The CRM organization's base currency. Dataverse names it in `organization.basecurrencyid`, which the connector does
 * not read; so it is the currency with the ISO code the host names, or else the oldest currency whose exchange rate is
 * 1 (the base currency is made with the organization, before any other, and its rate is always 1).
 */
export async function findBaseCurrency(store: TableStore, baseCurrencyIsoCode: string | undefined): Promise<Row> {
  if (baseCurrencyIsoCode) {
    const rows = await store.findByValues('transactioncurrency', { candidates: [{ isocurrencycode: baseCurrencyIsoCode }] });
    if (rows.length !== 1) throw currencyErrors.baseCurrencyNotFound(`no CRM currency has ISO code "${baseCurrencyIsoCode}"`);
    return rows[0]!;
  }
  const { rows } = await store.readChanged('transactioncurrency', { filter: { exchangerate: 1 }, limit: 100 });
  const created = (row: Row) => new Date((row.values.createdon as string | Date | undefined) ?? row.modifiedOn).getTime();
  const oldest = [...rows].sort((a, b) => created(a) - created(b) || a.id.localeCompare(b.id))[0];
  if (!oldest) throw currencyErrors.baseCurrencyNotFound('no CRM currency has exchange rate 1');
  return oldest;
}
