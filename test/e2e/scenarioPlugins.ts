import { accountView } from './entries/accountView';
import { contact } from './entries/contact';
import { currency } from './entries/currency';
import { customerStatistics } from './entries/customerStatistics';
import { customer } from './entries/customer';
import { itemAvailability } from './entries/itemAvailability';
import { itemProduct } from './entries/itemProduct';
import { opportunity } from './entries/opportunity';
import { postedSalesInvoice } from './entries/postedSalesInvoice';
import { priceList } from './entries/priceList';
import { resourceProduct } from './entries/resourceProduct';
import { salesOrder } from './entries/salesOrder';
import { salesOrderNotes } from './entries/salesOrderNotes';
import { salesQuote } from './entries/salesQuote';
import { salespeople } from './entries/salespeople';
import { unitOfMeasure } from './entries/unitOfMeasure';
import type { ScenarioEntry } from './ScenarioEntry';

/**
 * Every plugin of the end-to-end scenario, in the seeds' job order: users and currencies first, then units,
 * resources, items, price groups and prices (seed "Synchronization Jobs for a Sales Integration"), customers before
 * contacts and opportunities (reference §3.16), quotes before the orders that may be made from them, orders before
 * their notes, posted invoices (last of the seed's list, after the customers they need), then the plugin jobs that send
 * statistics and availability. The first run is a
 * full sync of the mappings in this order; an entry's seed may use ids an earlier entry remembered.
 *
 * Adding a plugin is one entry here (its file in entries/ says what its mappings do, see README).
 */
export const SCENARIO: readonly ScenarioEntry[] = [
  salespeople,
  currency,
  unitOfMeasure,
  resourceProduct,
  itemProduct,
  priceList,
  customer,
  contact,
  opportunity,
  salesQuote,
  salesOrder,
  salesOrderNotes,
  postedSalesInvoice,
  customerStatistics,
  itemAvailability,
  accountView,
];
