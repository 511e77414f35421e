import type { EntityManager } from '@mikro-orm/core';
import { CurrencySchema, CustLedgerEntrySchema, Dec, SalesHeaderSchema, type Customer } from '@tandem/erp';
import { customerStatisticsErrors } from './errors';

/** A customer's statistics in the local currency, as BC's customer FlowFields give them (CU 5350). Amounts are decimal text. */
export interface CustomerStatistics {
  customerNo: string;
  name: string;
  /** Sum of the remaining amounts of the customer's ledger entries (NAV "Balance (LCY)"). */
  balanceLcy: string;
  /** Sum of the open sales orders, each amount ÷ its currency factor (NAV "Outstanding Orders (LCY)"). */
  outstandingOrdersLcy: string;
  /** Always 0: this ERP does not ship (NAV "Shipped Not Invoiced (LCY)"). */
  shippedNotInvoicedLcy: string;
  /** Always 0: this ERP has no unposted sales invoices (NAV "Outstanding Invoices (LCY)"). */
  outstandingInvoicesLcy: string;
  /** Balance + outstanding orders + shipped not invoiced + outstanding invoices (NAV "Total (LCY)"). */
  totalLcy: string;
  creditLimitLcy: string;
  /** Remaining amounts of open entries due before the as-of date (NAV "Balance Due (LCY)" up to the work date). */
  overdueAmountsLcy: string;
  /** Sum of the amounts of the customer's invoice entries (NAV "Sales (LCY)"). */
  totalSalesLcy: string;
  /** `YYYY-MM-DD`: the date the overdue amounts are measured at. */
  asOfDate: string;
}

const LCY = Dec.of('0.01');

/**
 * The statistics of a page of customers, from three queries (ledger entries, open orders, currencies) whatever the
 * page size. A customer whose data is malformed (a currency code the ERP does not have, an order with a currency
 * factor that is not positive) gets its error instead; the others are not affected.
 */
export async function customerStatistics(
  em: EntityManager,
  customers: readonly Customer[],
  options: { asOfDate: string; localCurrencyCode: string },
): Promise<Map<string, CustomerStatistics | Error>> {
  const nos = customers.map((c) => c.no);
  const result = new Map<string, CustomerStatistics | Error>();
  if (nos.length === 0) return result;
  const entries = await em.find(
    CustLedgerEntrySchema,
    { customerNo: { $in: nos }, $or: [{ open: true }, { documentType: 'Invoice' }] },
    { fields: ['customerNo', 'documentType', 'amountLcy', 'remainingAmountLcy', 'dueDate', 'open'], disableIdentityMap: true },
  );
  // Orders are NAV's "Bill-to Customer No." sums; this ERP sets bill-to = sell-to, and sell-to is the indexed one.
  const orders = await em.find(SalesHeaderSchema, { sellToCustomerNo: { $in: nos } }, {
    fields: ['no', 'sellToCustomerNo', 'amountIncludingVat', 'currencyFactor'], disableIdentityMap: true,
  });
  const codes = [...new Set(customers.map((c) => c.currencyCode?.trim()).filter((c): c is string => !!c))];
  const known = new Set(codes.length === 0 ? [] : (await em.find(CurrencySchema, { code: { $in: codes } }, { fields: ['code'] })).map((c) => c.code));

  const sums = new Map(nos.map((no) => [no, { balance: Dec.ZERO, overdue: Dec.ZERO, sales: Dec.ZERO, orders: Dec.ZERO }]));
  for (const entry of entries) {
    const sum = sums.get(entry.customerNo)!;
    if (entry.open) {
      sum.balance = sum.balance.plus(Dec.of(entry.remainingAmountLcy));
      if (entry.dueDate < options.asOfDate) sum.overdue = sum.overdue.plus(Dec.of(entry.remainingAmountLcy));
    }
    if (entry.documentType === 'Invoice') sum.sales = sum.sales.plus(Dec.of(entry.amountLcy));
  }
  const badOrder = new Map<string, Error>();
  for (const order of orders) {
    const factor = Dec.of(order.currencyFactor ?? '0');
    if (!factor.isPositive()) {
      badOrder.set(order.sellToCustomerNo, customerStatisticsErrors.orderInvalid(order.sellToCustomerNo, order.no, String(order.currencyFactor)));
      continue;
    }
    const sum = sums.get(order.sellToCustomerNo)!;
    sum.orders = sum.orders.plus(Dec.of(order.amountIncludingVat).dividedBy(factor).round(LCY));
  }

  for (const customer of customers) {
    const code = customer.currencyCode?.trim();
    if (code && code.toUpperCase() !== options.localCurrencyCode.toUpperCase() && !known.has(code)) {
      result.set(customer.no, customerStatisticsErrors.currencyInvalid(customer.no, code));
      continue;
    }
    const order = badOrder.get(customer.no);
    if (order) {
      result.set(customer.no, order);
      continue;
    }
    const sum = sums.get(customer.no)!;
    const zero = Dec.ZERO;
    result.set(customer.no, {
      customerNo: customer.no,
      name: customer.name,
      balanceLcy: sum.balance.toString(),
      outstandingOrdersLcy: sum.orders.toString(),
      shippedNotInvoicedLcy: zero.toString(),
      outstandingInvoicesLcy: zero.toString(),
      totalLcy: sum.balance.plus(sum.orders).toString(),
      creditLimitLcy: Dec.of(customer.creditLimitLcy ?? '0').toString(),
      overdueAmountsLcy: sum.overdue.toString(),
      totalSalesLcy: sum.sales.toString(),
      asOfDate: options.asOfDate,
    });
  }
  return result;
}
