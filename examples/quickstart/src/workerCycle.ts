import { Worker, type Host } from '@tandem/core';
import type { RunningEmulator } from '@tandem/dataverse-emulator';
import { CustomerSchema, ItemSchema, RecordLinkSchema, SALES_ORDER_SERVICE, type Customer } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import { POSTED_SALES_INVOICE } from '@tandem/plugin-posted-sales-invoice';
import { CrmOrderState, SALES_ORDER } from '@tandem/plugin-sales-order';
import type { CrmPerson } from './CrmPerson';
import { PRICE_LIST } from './crmActivity';

const CITIES = ['Savannah', 'Charleston', 'Asheville', 'Mobile'];
const WAIT_MS = 30_000;

export interface CycleStory { customerNo: string; accountId: string; crmOrderId: string; erpOrderNo: string; invoiceNo: string }

/**
 * The worker (core's `Worker`, the same loop `pnpm tandem worker` runs) syncing on its schedule, while someone changes
 * a customer in the ERP and someone else its account in the CRM, and a CRM salesperson submits an order and adds a
 * note to it; the ERP posts the order, and its invoice goes to the CRM. Each step waits until the change has arrived
 * on the other side and says how long it took.
 */
export async function workerCycle(host: Host, emulator: RunningEmulator, crm: CrmPerson, customer: Customer, write: (line: string) => void): Promise<CycleStory> {
  const worker = new Worker(host, { pollMs: 250 }).start();
  try {
    const em = () => host.orm.em.fork();
    const accountId = (await host.state.findCoupling(CUSTOMER, 'business', customer.no))?.integrationId;
    if (!accountId) throw new Error(`customer ${customer.no} is not coupled to an account; the full sync should have coupled it`);
    await nextSecond(); // Dataverse stamps whole seconds: a change needs a later second than the last sync's

    const city = CITIES.find((c) => c !== (customer.city ?? '')) ?? CITIES[0]!;
    await em().nativeUpdate(CustomerSchema, { no: customer.no }, { city, modifiedAt: new Date() });
    write(`  ERP: ${customer.no} "${customer.name}" moves to ${city}`);
    const phone = newPhone(customer.phoneNo);
    await crm.update('account', accountId, { telephone1: phone });
    write(`  CRM: Casey changes the account's phone to ${phone}`);
    await arrives(write, 'ERP → CRM', `the account's city is ${city}`, async () => (await crm.get('account', accountId)).values.address1_city === city);
    await arrives(write, 'CRM → ERP', `${customer.no}'s phone is ${phone}`, async () => (await em().findOneOrFail(CustomerSchema, { no: customer.no })).phoneNo === phone);

    // A CRM salesperson takes an order for two products and submits it.
    const items = await em().find(ItemSchema, { blocked: false }, { orderBy: { no: 'asc' }, limit: 2 });
    const productOf = async (no: string) => (await host.state.findCoupling(ITEM_PRODUCT, 'business', no))!.integrationId!;
    const priceList = (await crm.findBy('pricelevel', 'name', PRICE_LIST))?.id ?? (await crm.insert('pricelevel', { name: PRICE_LIST, transactioncurrencyid: emulator.baseCurrencyId }));
    const orderCount = (await crm.rows('salesorder')).length;
    const orderName = `Quickstart order ${orderCount + 1}`;
    const crmOrderId = await crm.insert('salesorder', { name: orderName, customerid: { table: 'account', id: accountId }, pricelevelid: String(priceList) });
    await crm.insert('salesorderdetail', { salesorderid: crmOrderId, productid: await productOf(items[0]!.no), quantity: 3, priceperunit: 40, sequencenumber: 1 });
    await crm.insert('salesorderdetail', { salesorderid: crmOrderId, productid: await productOf(items[1]!.no), quantity: 1, priceperunit: 15.5, sequencenumber: 2 });
    await crm.update('salesorder', crmOrderId, { statecode: CrmOrderState.SUBMITTED });
    const orderNumber = String((await crm.get('salesorder', crmOrderId)).values.ordernumber);
    write(`  CRM: Casey submits order ${orderNumber} "${orderName}" (3 × ${items[0]!.no}, 1 × ${items[1]!.no})`);
    let erpOrderNo = '';
    await arrives(write, 'CRM → ERP', `the submitted order is ERP sales order`, async () => {
      erpOrderNo = (await host.state.findCoupling(SALES_ORDER, 'integration', crmOrderId))?.businessId ?? '';
      return erpOrderNo !== '';
    }, () => erpOrderNo);

    // A note on the CRM order reaches the ERP order (SALESORDER-NOTES), before the order is posted.
    const noteText = `Deliver to the back door (${orderName})`;
    await crm.insert('annotation', { subject: 'Delivery', notetext: noteText, objectid: { table: 'salesorder', id: crmOrderId } });
    write(`  CRM: Casey adds a note to the order: "${noteText}"`);
    await arrives(write, 'CRM → ERP', `the note is on ${erpOrderNo}`, async () => (await em().count(RecordLinkSchema, { tableName: 'SalesHeader', recordNo: erpOrderNo, note: noteText })) === 1);

    // The ERP ships and invoices it: posting marks the CRM order Invoiced and tells the account's wall.
    const sales = host.container.resolve(SALES_ORDER_SERVICE);
    const { order } = await sales.getSalesOrder(erpOrderNo);
    await sales.releaseSalesOrder(erpOrderNo);
    const { invoice } = await sales.postSalesOrder(erpOrderNo);
    write(`  ERP: ${erpOrderNo} (amount ${order.amount}) released and posted as invoice ${invoice.no}`);
    await arrives(write, 'ERP → CRM', `order ${orderNumber} is Invoiced`, async () => (await crm.get('salesorder', crmOrderId)).values.statecode === CrmOrderState.INVOICED);
    // POSTEDSALESINV-INV sends the invoice with its lines; its Your Reference is the CRM order's number, so it is linked to it.
    await arrives(write, 'ERP → CRM', `invoice ${invoice.no} with its 2 lines, linked to order ${orderNumber}`, async () => {
      const invoiceId = (await host.state.findCoupling(POSTED_SALES_INVOICE, 'business', invoice.no))?.integrationId;
      if (!invoiceId) return false;
      const [crmInvoice] = await crm.rows('invoice', { invoicenumber: invoice.no });
      return crmInvoice?.values._salesorderid_value === crmOrderId && (await crm.rows('invoicedetail', { _invoiceid_value: invoiceId })).length === 2;
    });
    return { customerNo: customer.no, accountId, crmOrderId, erpOrderNo, invoiceNo: invoice.no };
  } finally {
    await worker.stop();
  }
}

/** Polls until `done`, then prints how long the change took to arrive; gives up after 30 s. */
async function arrives(write: (line: string) => void, way: string, what: string, done: () => Promise<boolean>, suffix?: () => string): Promise<void> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > WAIT_MS) throw new Error(`${way}: ${what} — did not arrive within ${WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  write(`  ✓ ${way}: ${what}${suffix ? ` ${suffix()}` : ''} (after ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function newPhone(current: string | null | undefined): string {
  for (let n = Date.now() % 9000; ; n++) {
    const phone = `+1 912 555 ${String(1000 + (n % 9000))}`;
    if (phone !== current) return phone;
  }
}

async function nextSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 20));
}
