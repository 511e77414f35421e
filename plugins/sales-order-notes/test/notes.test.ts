import { afterEach, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/core';
import { CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema, RecordLinkSchema, SalesHeaderSchema, type RecordLink } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { SALES_ORDER, SalesOrderPlugin } from '@tandem/plugin-sales-order';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { nextSecond, startTestPair, type TestPair } from '@tandem/testing';
import { SALES_ORDER_NOTES, SalesOrderNotesPlugin } from '../src/index';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function crmInsert(p: TestPair, table: string, values: Record<string, unknown>): Promise<string> {
  const [result] = await p.crm.write(table, [{ kind: 'insert', ref: 'new', values }]);
  if (!result?.ok) throw result?.error ?? new Error('no write result');
  return result.id;
}

async function crmUpdate(p: TestPair, table: string, id: string, values: Record<string, unknown>): Promise<void> {
  const [result] = await p.crm.write(table, [{ kind: 'update', ref: id, id, values }]);
  if (!result?.ok) throw result?.error ?? new Error('no write result');
}

async function annotationsOf(p: TestPair, orderId: string) {
  return (await p.crm.readChanged('annotation', { limit: 100, filter: { objectid: orderId } })).rows;
}

async function notesOf(em: EntityManager, orderNo: string): Promise<RecordLink[]> {
  return em.find(RecordLinkSchema, { tableName: 'SalesHeader', recordNo: orderNo }, { orderBy: { note: 'asc' }, disableIdentityMap: true });
}

function order(no: string) {
  return {
    no, status: 'Released', sellToCustomerNo: 'C1', sellToCustomerName: 'Customer', billToCustomerNo: 'C1', billToName: 'Customer', orderDate: '2025-05-01',
  };
}

function note(recordNo: string, text: string, extra: Partial<RecordLink> = {}) {
  return { tableName: 'SalesHeader', recordNo, type: 'Note', description: `About ${recordNo}`, note: text, createdAt: new Date(), userId: 'ERP', notify: false, url: null, toUserId: null, ...extra };
}

/** ERP orders SO1 (coupled to a CRM order) and SO2 (not), each with notes; CRM orders with annotations of every kind. */
async function start() {
  const p = (pair = await startTestPair({
    plugins: [SalespersonUserPlugin, UnitOfMeasurePlugin, CurrencyPlugin, ItemProductPlugin, CustomerAccountPlugin, SalesOrderPlugin, SalesOrderNotesPlugin],
  }));
  const em = p.erp();
  em.create(ErpSetupSchema, { key: ERP_SETUP_KEY, localCurrencyCode: 'USD', writeInItemNo: null, customerNos: null, itemNos: null, salespersonNos: null, orderNos: null, postedInvoiceNos: null } as never);
  em.create(CustomerSchema, { no: 'C1', name: 'Customer', blocked: '' } as never);
  em.create(SalesHeaderSchema, order('SO1') as never);
  em.create(SalesHeaderSchema, order('SO2') as never);
  em.create(RecordLinkSchema, note('SO1', 'ERP: deliver before noon') as never);
  em.create(RecordLinkSchema, note('SO2', 'ERP: not a CRM order') as never);
  em.create(RecordLinkSchema, note('SO1', 'a link, not a note', { type: 'Link', url: 'https://example.com' }) as never);
  em.create(RecordLinkSchema, note('C1', 'a note on a customer', { tableName: 'Customer' }) as never);
  await em.flush();

  const account = await crmInsert(p, 'account', { name: 'Customer', customertypecode: 3 });
  const crmOrder = await crmInsert(p, 'salesorder', { name: 'Order one' });
  const otherOrder = await crmInsert(p, 'salesorder', { name: 'Order two' });
  await p.host.engine.couple(SALES_ORDER, 'SO1', crmOrder);
  const crmNote = await crmInsert(p, 'annotation', { subject: 'From the CRM', notetext: 'CRM: gate code 1234', objectid: { table: 'salesorder', id: crmOrder } });
  await crmInsert(p, 'annotation', { subject: 'Other', notetext: 'CRM: uncoupled order', objectid: { table: 'salesorder', id: otherOrder } });
  await crmInsert(p, 'annotation', { subject: 'A file', notetext: 'attached', isdocument: true, filename: 'a.txt', documentbody: 'aGk=', objectid: { table: 'salesorder', id: crmOrder } });
  await crmInsert(p, 'annotation', { subject: 'Account note', notetext: 'on the account', objectid: { table: 'account', id: account } });
  return { p, crmOrder, otherOrder, crmNote };
}

describe('SALESORDER-NOTES', () => {
  it('notes of a coupled order go both ways, once; other notes stay where they are; a second run writes nothing', async () => {
    const { p, crmOrder, otherOrder, crmNote } = await start();
    const jobs = await p.host.engine.run(SALES_ORDER_NOTES);
    expect(jobs.map((j) => [j.direction, j.inserted, j.failed])).toEqual([['toIntegration', 1, 0], ['fromIntegration', 1, 0]]);

    const crmNotes = await annotationsOf(p, crmOrder);
    expect(crmNotes.map((n) => n.values.notetext).sort()).toEqual(['CRM: gate code 1234', 'ERP: deliver before noon', 'attached']);
    const sent = crmNotes.find((n) => n.values.notetext === 'ERP: deliver before noon')!;
    expect(sent.values).toMatchObject({ subject: 'About SO1', objecttypecode: 'salesorder', isdocument: false });
    expect((await annotationsOf(p, otherOrder)).map((n) => n.values.notetext)).toEqual(['CRM: uncoupled order']);

    const erpNotes = await notesOf(p.erp(), 'SO1');
    expect(erpNotes.filter((n) => n.type === 'Note').map((n) => n.note)).toEqual(['CRM: gate code 1234', 'ERP: deliver before noon']);
    const received = erpNotes.find((n) => n.note === 'CRM: gate code 1234')!;
    expect(received).toMatchObject({ tableName: 'SalesHeader', recordNo: 'SO1', type: 'Note', description: 'From the CRM', userId: 'CRM', notify: false });
    expect(received.createdAt).toBeInstanceOf(Date);
    expect((await p.host.state.findCoupling(SALES_ORDER_NOTES, 'integration', crmNote))?.businessId).toBe(received.systemId);
    expect((await notesOf(p.erp(), 'SO2')).map((n) => n.note)).toEqual(['ERP: not a CRM order']);

    await nextSecond();
    expect((await p.host.engine.run(SALES_ORDER_NOTES)).map((j) => j.inserted + j.modified + j.failed)).toEqual([0, 0]);
    // A full sync compares everything again and still creates nothing twice.
    const full = await p.host.engine.fullSync(SALES_ORDER_NOTES);
    expect(full.map((j) => [j.inserted, j.failed])).toEqual([[0, 0], [0, 0]]);
    expect(await annotationsOf(p, crmOrder)).toHaveLength(3);
    expect(await notesOf(p.erp(), 'SO1')).toHaveLength(3);
  });

  it('an edited note is updated on the other side, not added again; new notes follow on the next run', async () => {
    const { p, crmOrder, crmNote } = await start();
    await p.host.engine.run(SALES_ORDER_NOTES);
    await nextSecond();

    const em = p.erp();
    const erpNote = (await em.find(RecordLinkSchema, { recordNo: 'SO1', note: 'ERP: deliver before noon' }))[0]!;
    erpNote.note = 'ERP: deliver before 11';
    em.create(RecordLinkSchema, note('SO1', 'ERP: second note') as never);
    await em.flush();
    await crmUpdate(p, 'annotation', crmNote, { notetext: 'CRM: gate code 9999' });
    const jobs = await p.host.engine.run(SALES_ORDER_NOTES);
    expect(jobs.map((j) => [j.direction, j.inserted, j.modified, j.failed])).toEqual([['toIntegration', 1, 1, 0], ['fromIntegration', 0, 1, 0]]);

    expect((await annotationsOf(p, crmOrder)).map((n) => n.values.notetext).sort()).toEqual(['CRM: gate code 9999', 'ERP: deliver before 11', 'ERP: second note', 'attached']);
    expect((await notesOf(p.erp(), 'SO1')).filter((n) => n.type === 'Note').map((n) => n.note)).toEqual(['CRM: gate code 9999', 'ERP: deliver before 11', 'ERP: second note']);
  });
});
