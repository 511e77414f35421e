import type { DataverseTableDefinition } from './DataverseTableDefinition';
import { accountTable } from './account';
import { annotationTable } from './annotation';
import { campaignTable } from './campaign';
import { contactTable } from './contact';
import { incidentTable } from './incident';
import { UnknownTableError } from './errors';
import { invoiceTable } from './invoice';
import { invoicedetailTable } from './invoicedetail';
import { navAccountStatisticsTable } from './nav_accountstatistics';
import { opportunityTable } from './opportunity';
import { postTable } from './post';
import { pricelevelTable } from './pricelevel';
import { productTable } from './product';
import { productpricelevelTable } from './productpricelevel';
import { quoteTable } from './quote';
import { quotedetailTable } from './quotedetail';
import { salesorderTable } from './salesorder';
import { salesorderdetailTable } from './salesorderdetail';
import { systemuserTable } from './systemuser';
import { transactioncurrencyTable } from './transactioncurrency';
import { uomTable } from './uom';
import { uomscheduleTable } from './uomschedule';

/** Every shipped table definition, by logical name. */
export const dataverseTables: Readonly<Record<string, DataverseTableDefinition>> = Object.freeze({
  account: accountTable,
  contact: contactTable,
  systemuser: systemuserTable,
  transactioncurrency: transactioncurrencyTable,
  uom: uomTable,
  uomschedule: uomscheduleTable,
  product: productTable,
  pricelevel: pricelevelTable,
  productpricelevel: productpricelevelTable,
  salesorder: salesorderTable,
  salesorderdetail: salesorderdetailTable,
  invoice: invoiceTable,
  invoicedetail: invoicedetailTable,
  opportunity: opportunityTable,
  campaign: campaignTable,
  annotation: annotationTable,
  post: postTable,
  quote: quoteTable,
  quotedetail: quotedetailTable,
  incident: incidentTable,
  nav_accountstatistics: navAccountStatisticsTable,
});

/**
 * Tables that shipped lookups point at but that have no definition here (nothing syncs them), with their entity
 * sets, so `@odata.bind` values can still be built for them.
 */
export const referencedOnlyEntitySets: Readonly<Record<string, string>> = Object.freeze({
  team: 'teams',
  businessunit: 'businessunits',
});

/** The shipped definition of a table; throws `UnknownTableError` naming the table and the known ones. */
export function getDataverseTable(logicalName: string): DataverseTableDefinition {
  const table = Object.hasOwn(dataverseTables, logicalName) ? dataverseTables[logicalName] : undefined;
  if (!table) throw new UnknownTableError(logicalName, Object.keys(dataverseTables));
  return table;
}

/** The entity set of a shipped or referenced-only table (`team` → `teams`), for `@odata.bind` values. */
export function getEntitySetName(logicalName: string): string {
  if (Object.hasOwn(referencedOnlyEntitySets, logicalName)) return referencedOnlyEntitySets[logicalName]!;
  return getDataverseTable(logicalName).entitySetName;
}
