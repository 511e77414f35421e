import { afterEach, describe, expect, it } from 'vitest';
import { CustomerSchema, erpEntities, SalesHeaderSchema, SalespersonSchema, type Salesperson } from '../src/index';
import { after } from './helpers/erpDatabase';
import { salesFixture, type SalesFixture } from './helpers/salesFixture';

let fx: SalesFixture;
afterEach(async () => fx?.close());

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
    const em = fx.orm.em.fork();
    for (const entity of erpEntities) expect((await em.find(entity.meta.className, {})).length, entity.meta.className).toBeGreaterThanOrEqual(entity.meta.className.startsWith('SalesInvoice') ? 0 : 1);
    em.getUnitOfWork().computeChangeSets();
    expect(em.getUnitOfWork().getChangeSets().map((c) => c.name)).toEqual([]);
  });

  it('are not filled by native inserts: a writer that bypasses the unit of work must set systemId itself', async () => {
    fx = await salesFixture();
    const error = await fx.orm.em.fork().insert(CustomerSchema, { no: 'RAW', name: 'Raw insert', modifiedAt: new Date() } as never).catch((e: unknown) => e);
    expect(String(error)).toMatch(/NOT NULL constraint failed: customer\.system_id/);
  });
});
