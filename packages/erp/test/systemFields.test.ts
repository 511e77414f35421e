import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CustomerSchema, erpEntities, RecordLinkSchema, SalesDocumentArchiveService, SalesHeaderSchema, SalespersonSchema, type Salesperson } from '../src/index';
import { after } from './helpers/erpDatabase';
import { salesFixture, type SalesFixture } from './helpers/salesFixture';

let fx: SalesFixture;
afterEach(async () => fx?.close());

// Builds the per-process template database once, outside the tests' time budget.
beforeAll(async () => (await salesFixture()).close(), 30_000);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('systemId and modifiedAt', () => {
  it('are set on insert through the unit of work; an update moves modifiedAt and keeps systemId', async () => {
    fx = await salesFixture();
    const before = new Date();
    const em = fx.orm.em.fork();
    // No systemId or modifiedAt given: onCreate fills them.
    em.create(SalespersonSchema, { code: 'NEW', name: 'New Person', email: null, phoneNo: null, jobTitle: null, blocked: false } as Salesperson);
    await em.flush();
    const created = await fx.orm.em.fork().findOneOrFail(SalespersonSchema, { code: 'NEW' });
    expect(created.systemId).toMatch(UUID);
    expect(created.modifiedAt.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1);

    await after(created.modifiedAt);
    const edit = fx.orm.em.fork();
    const row = await edit.findOneOrFail(SalespersonSchema, { code: 'NEW' });
    row.name = 'Renamed Person';
    await edit.flush();
    const updated = await fx.orm.em.fork().findOneOrFail(SalespersonSchema, { code: 'NEW' });
    expect(updated.systemId).toBe(created.systemId);
    expect(updated.modifiedAt.getTime()).toBeGreaterThan(created.modifiedAt.getTime());

    // A flush with no change writes nothing and leaves the stamp alone.
    const idle = fx.orm.em.fork();
    await idle.findOneOrFail(SalespersonSchema, { code: 'NEW' });
    await idle.flush();
    expect((await fx.orm.em.fork().findOneOrFail(SalespersonSchema, { code: 'NEW' })).modifiedAt).toEqual(updated.modifiedAt);
  });

  it('move with every change the sales operations make, and systemId never changes', async () => {
    fx = await salesFixture();
    const read = () => fx.orm.em.fork().findOneOrFail(SalesHeaderSchema, { no: 'SO00001' });
    await fx.service.createSalesOrder({ customerNo: 'C00001' });
    const created = await read();
    expect(created.systemId).toMatch(UUID);
    const stamps = [created.modifiedAt.getTime()];
    for (const change of [
      () => fx.service.addSalesLine('SO00001', { itemNo: 'I00001', quantity: 1 }),
      () => fx.service.releaseSalesOrder('SO00001'),
      () => fx.service.reopenSalesOrder('SO00001'),
    ]) {
      await after(new Date(stamps.at(-1)!));
      await change();
      const row = await read();
      expect(row.systemId).toBe(created.systemId);
      stamps.push(row.modifiedAt.getTime());
    }
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    expect(new Set(stamps).size).toBe(stamps.length);
  });

  it('stay put when rows of every table are loaded and flushed without a change', async () => {
    fx = await salesFixture();
    await fx.service.createSalesOrder({ customerNo: 'C00001', lines: [{ itemNo: 'I00001', quantity: 1 }] });
    // The fixture has no orders, so no notes: one note on the new order (its createdAt is a date-time column too).
    const noteEm = fx.orm.em.fork();
    noteEm.create(RecordLinkSchema, { tableName: 'SalesHeader', recordNo: 'SO00001', type: 'Note', note: 'Call first', createdAt: new Date(), notify: false } as never);
    await noteEm.flush();
    // And an archived version (its archivedAt is a date-time column too).
    await new SalesDocumentArchiveService(fx.orm).archiveSalesDocument('Order', 'SO00001');
    const em = fx.orm.em.fork();
    for (const entity of erpEntities) expect((await em.find(entity.meta.className, {})).length, entity.meta.className).toBeGreaterThanOrEqual(/^(SalesInvoice|CustLedgerEntry)/.test(entity.meta.className) ? 0 : 1);
    em.getUnitOfWork().computeChangeSets();
    expect(em.getUnitOfWork().getChangeSets().map((c) => c.name)).toEqual([]);
  });

  it('can be maintained from raw SQL as the README shows', async () => {
    fx = await salesFixture();
    const connection = fx.orm.em.getConnection();
    const before = Date.now();
    await connection.execute(`insert into customer (no, name, system_id, modified_at)
      values ('C90001', 'Walk-in customer',
        lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-' ||
              substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
        cast(unixepoch('subsec') * 1000 as integer))`);
    const inserted = await fx.orm.em.fork().findOneOrFail(CustomerSchema, { no: 'C90001' });
    expect(inserted.systemId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(inserted.modifiedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    await after(inserted.modifiedAt);
    await connection.execute(`update customer set phone_no = '+45 1234 5678', modified_at = cast(unixepoch('subsec') * 1000 as integer) where no = 'C90001'`);
    const updated = await fx.orm.em.fork().findOneOrFail(CustomerSchema, { no: 'C90001' });
    expect(updated.modifiedAt.getTime()).toBeGreaterThan(inserted.modifiedAt.getTime());
    expect(updated.systemId).toBe(inserted.systemId);
  });

  it('are not filled by native inserts: a writer that bypasses the unit of work must set systemId itself', async () => {
    fx = await salesFixture();
    const error = await fx.orm.em.fork().insert(CustomerSchema, { no: 'RAW', name: 'Raw insert', modifiedAt: new Date() } as never).catch((e: unknown) => e);
    expect(String(error)).toMatch(/NOT NULL constraint failed: customer\.system_id/);
  });
});
