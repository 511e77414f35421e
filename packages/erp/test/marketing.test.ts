import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ContactSchema, generateDemoData, OpportunitySchema, personName, RecordLinkSchema } from '../src/index';
import { allRows, erpDatabase, type ErpDatabase } from './helpers/erpDatabase';

let db: ErpDatabase | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

beforeAll(async () => (await erpDatabase()).close(), 30_000);

const NOW = new Date('2025-06-01T12:00:00.000Z');

describe('contacts, opportunities and notes', () => {
  it('demo data gives each customer a company contact with its business relation and persons of that company', async () => {
    db = await erpDatabase();
    const summary = await generateDemoData(db.orm.em.fork(), { seed: 4, customers: 12, items: 5, salespeople: 3, salesOrders: 16, personsPerCustomer: 2, opportunities: 9, salesOrderNoteShare: 0.5, now: NOW });
    const [customers, contacts, relations, opportunities, notes, orders, series, setup] = await Promise.all(
      ['Customer', 'Contact', 'ContactBusinessRelation', 'Opportunity', 'RecordLink', 'SalesHeader', 'NoSeries', 'ErpSetup'].map((name) => allRows(db!.orm, name)),
    );
    expect(summary).toMatchObject({ Contact: 36, ContactBusinessRelation: 12, Opportunity: 9, RecordLink: notes!.length });
    expect(contacts).toHaveLength(36);
    const byNo = new Map(contacts!.map((c) => [c.no, c]));
    for (const customer of customers!) {
      const relation = relations!.find((r) => r.no === customer.no)!;
      expect(relation).toMatchObject({ linkToTable: 'Customer', businessRelationCode: 'CUST' });
      const company = byNo.get(relation.contactNo)!;
      expect(company).toMatchObject({ type: 'Company', name: customer.name, companyNo: company.no, city: customer.city });
      const persons = contacts!.filter((c) => c.type === 'Person' && c.companyNo === company.no);
      expect(persons).toHaveLength(2);
      for (const person of persons) {
        expect(person.companyName).toBe(customer.name);
        expect(person.name).toBe(personName(person as never));
        expect(person.salespersonCode).toBe(customer.salespersonCode);
      }
    }
    for (const opportunity of opportunities!) {
      const contact = byNo.get(opportunity.contactNo)!;
      expect(contact.type).toBe('Person');
      expect(opportunity.contactCompanyNo).toBe(contact.companyNo);
      expect(['Not Started', 'In Progress', 'Won', 'Lost']).toContain(opportunity.status);
      expect(opportunity.dateClosed === null).toBe(opportunity.status === 'Not Started' || opportunity.status === 'In Progress');
    }
    const orderNos = new Set(orders!.map((o) => o.no));
    expect(notes!.length).toBeGreaterThan(0);
    for (const note of notes!) expect(note).toMatchObject({ tableName: 'SalesHeader', type: 'Note', recordNo: expect.toSatisfy((no: string) => orderNos.has(no)) });
    expect(series!.find((s) => s.code === 'CONT')).toMatchObject({ startingNo: 'CT00001', lastNoUsed: 'CT00036' });
    expect(series!.find((s) => s.code === 'OPP')).toMatchObject({ lastNoUsed: 'OP00009' });
    expect(setup![0]).toMatchObject({ contactNos: 'CONT', opportunityNos: 'OPP' });
  });

  it('keeps the other tables as they were when the new counts change, and refuses bad counts', async () => {
    db = await erpDatabase();
    const other = await erpDatabase();
    try {
      await generateDemoData(db.orm.em.fork(), { seed: 2, customers: 5, items: 3, salesOrders: 4, now: NOW });
      await generateDemoData(other.orm.em.fork(), { seed: 2, customers: 5, items: 3, salesOrders: 4, personsPerCustomer: 0, opportunities: 0, salesOrderNoteShare: 0, now: NOW });
      for (const name of ['Customer', 'Item', 'SalesHeader', 'SalesLine']) expect(await allRows(other.orm, name), name).toEqual(await allRows(db.orm, name));
      expect(await other.orm.em.fork().count(ContactSchema)).toBe(5);
      expect(await other.orm.em.fork().count(OpportunitySchema)).toBe(0);
      expect(await other.orm.em.fork().count(RecordLinkSchema)).toBe(0);
    } finally {
      await other.close();
    }
    const fresh = await erpDatabase();
    try {
      await expect(generateDemoData(fresh.orm.em.fork(), { personsPerCustomer: -1 })).rejects.toMatchObject({ code: 'TANDEM_ERP_VALUE_INVALID' });
      await expect(generateDemoData(fresh.orm.em.fork(), { salesOrderNoteShare: 2 })).rejects.toThrow('salesOrderNoteShare 2 is not valid');
    } finally {
      await fresh.close();
    }
  });

  it('stores a note on a record and reads it back unchanged; a flush of unchanged rows writes nothing', async () => {
    db = await erpDatabase();
    const em = db.orm.em.fork();
    const note = em.create(RecordLinkSchema, { tableName: 'SalesHeader', recordNo: 'SO1', type: 'Note', description: 'Call first', note: 'Line one\nLine two ✓', createdAt: NOW, userId: 'ME', notify: false, url: null, toUserId: null } as never);
    em.create(ContactSchema, { no: 'CT1', type: 'Company', name: 'Acme', companyNo: 'CT1' } as never);
    await em.flush();
    const read = await db.orm.em.fork().findOneOrFail(RecordLinkSchema, { systemId: note.systemId });
    expect(read).toMatchObject({ note: 'Line one\nLine two ✓', createdAt: NOW, type: 'Note' });
    const again = db.orm.em.fork();
    const loaded = await again.find(RecordLinkSchema, {});
    const stamp = loaded[0]!.modifiedAt.getTime();
    await again.flush();
    expect((await db.orm.em.fork().findOneOrFail(RecordLinkSchema, { systemId: note.systemId })).modifiedAt.getTime()).toBe(stamp);
    expect(personName({ firstName: 'Ann', middleName: ' ', surname: 'Lee' })).toBe('Ann Lee');
  });
});
