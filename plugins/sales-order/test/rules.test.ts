import { afterEach, describe, expect, it } from 'vitest';
import { SalesHeaderSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { SALES_ORDER, SALES_ORDER_TRANSFER, SalesOrderErrorCodes, type SalesOrderTransfer } from '../src/index';
import { crmInsert, crmRow, seedCrm, seedErp, startPair, submittedOrder, type CrmLine, type CrmWorld } from './fixtures';

let pair: TestPair;
afterEach(async () => {
  await pair.close();
});

async function setUp(options: { writeInItemNo?: string | null } = {}): Promise<{ world: CrmWorld; transfer: SalesOrderTransfer }> {
  pair = await startPair();
  await seedErp(pair.erp(), options);
  return { world: await seedCrm(pair), transfer: pair.host.container.resolve(SALES_ORDER_TRANSFER) };
}

/** The order fails with `code` and a message naming `named`, and nothing is created, coupled or marked. */
async function expectRefused(transfer: SalesOrderTransfer, orderId: string, code: string, named: string): Promise<void> {
  await expect(transfer.createFromCrm(orderId)).rejects.toMatchObject({ code, message: expect.stringContaining(named) });
  expect(await pair.erp().count(SalesHeaderSchema, {})).toBe(0);
  expect(await pair.host.state.findCoupling(SALES_ORDER, 'integration', orderId)).toBeNull();
  expect((await crmRow(pair.crm, 'salesorder', orderId))['lastbackofficesubmit']).toBeNull();
}

const bike = (world: CrmWorld): CrmLine => ({ product: world.product, quantity: 1, priceperunit: 100 });

describe('rules: a broken rule creates nothing and says why', () => {
  it('an account that is not coupled to a customer', async () => {
    const { world, transfer } = await setUp();
    const orderId = await submittedOrder(pair, world, { name: 'Northwind', customer: { table: 'account', id: world.uncoupledAccount }, lines: [bike(world)] });
    await expectRefused(transfer, orderId, SalesOrderErrorCodes.CUSTOMER_NOT_COUPLED, 'Northwind Traders');
  });

  it('an account that is not of type Customer', async () => {
    const { world, transfer } = await setUp();
    const orderId = await submittedOrder(pair, world, { name: 'Vendor', customer: { table: 'account', id: world.vendorAccount }, lines: [bike(world)] });
    await expectRefused(transfer, orderId, SalesOrderErrorCodes.ACCOUNT_NOT_CUSTOMER, 'Fabrikam Supplies');
  });

  it('a contact that belongs to no account', async () => {
    const { world, transfer } = await setUp();
    const loner = await crmInsert(pair.crm, 'contact', { firstname: 'Lone', lastname: 'Buyer' });
    const orderId = await submittedOrder(pair, world, { name: 'Loner', customer: { table: 'contact', id: loner }, lines: [bike(world)] });
    await expectRefused(transfer, orderId, SalesOrderErrorCodes.NO_CUSTOMER, 'Lone Buyer');
  });

  it('a product that is not coupled to an item', async () => {
    const { world, transfer } = await setUp();
    const orderId = await submittedOrder(pair, world, { name: 'Bells', lines: [bike(world), { product: world.uncoupledProduct, quantity: 1, priceperunit: 3 }] });
    await expectRefused(transfer, orderId, SalesOrderErrorCodes.PRODUCT_NOT_COUPLED, world.uncoupledProduct);
  });

  it('a write-in product when the setup names no write-in item', async () => {
    const { world, transfer } = await setUp({ writeInItemNo: null });
    const orderId = await submittedOrder(pair, world, { name: 'Wrapping', lines: [bike(world), { productdescription: 'Gift wrapping', quantity: 1, priceperunit: 5 }] });
    await expectRefused(transfer, orderId, SalesOrderErrorCodes.WRITE_IN_ITEM_MISSING, 'Line 2');
  });

  it('a currency that is not coupled and is not the local currency', async () => {
    const { world, transfer } = await setUp();
    const gbp = await crmInsert(pair.crm, 'transactioncurrency', { isocurrencycode: 'GBP', currencyname: 'Pound', currencysymbol: '£', exchangerate: 0.7, currencyprecision: 2 });
    const orderId = await submittedOrder(pair, world, { name: 'Pounds', currency: gbp, lines: [bike(world)] });
    await expectRefused(transfer, orderId, SalesOrderErrorCodes.CURRENCY_NOT_COUPLED, 'GBP');
  });

  it('an order id that does not exist', async () => {
    const { transfer } = await setUp();
    await expect(transfer.createFromCrm('0f0f0f0f-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: SalesOrderErrorCodes.ORDER_NOT_FOUND });
  });
});
