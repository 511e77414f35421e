import { dependencyOrder, type TableMapping } from '@tandem/core';

/**
 * BC's order for synchronizing everything (reference §3.16, seed "Synchronization Jobs for a Sales Integration"):
 * users and currencies first, then units, resources, items, price groups, prices and posted invoices (the seed's list;
 * posted invoices need the customers, so they run after the orders here), customers before their contacts and
 * opportunities, quotes before the orders made from them, orders before their notes. The multiple-units-of-measure
 * mappings stand where UNIT OF MEASURE does. A mapping missing here runs after these, each after what it depends on.
 */
export const SEEDS_JOB_ORDER = [
  'SALESPEOPLE',
  'CURRENCY',
  'UNIT OF MEASURE', 'UNIT GROUP', 'ITEM UOM', 'RESOURCE UOM',
  'RESOURCE-PRODUCT',
  'ITEM-PRODUCT',
  'CUSTPRCGRP-PRICE',
  'SALESPRC-PRODPRICE',
  'CUSTOMER',
  'CONTACT',
  'OPPORTUNITY',
  'SALESQUOTE-QUOTE',
  'SALESORDER-ORDER',
  'SALESORDER-NOTES',
  'POSTEDSALESINV-INV',
];

/** The host's mappings in the seeds' job order, never one before a mapping it depends on (core's `dependencyOrder`). */
export function inSeedsJobOrder(mappings: readonly TableMapping[]): TableMapping[] {
  const rank = (m: TableMapping) => (SEEDS_JOB_ORDER.includes(m.name) ? SEEDS_JOB_ORDER.indexOf(m.name) : SEEDS_JOB_ORDER.length);
  // A stable sort: mappings of the same rank (those not listed) keep the host's order.
  return dependencyOrder([...mappings].sort((a, b) => rank(a) - rank(b)));
}
