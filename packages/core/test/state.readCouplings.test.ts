import { afterEach, expect, it } from 'vitest';
import { newCoupling, type Coupling } from '../src/index';
import type { StoredCoupling } from '../src/state/Coupling';
import { describeOnBothDatabases } from '../src/testing/index';
import { customerMapping, insertCustomers, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

/** The couplings as MikroORM entities give them (the reference the plain-row reads must equal). */
const asEntities = async (host: TwoDatabases['host']): Promise<Coupling[]> =>
  host.orm.em.fork().find<Coupling>('Coupling', {}, { orderBy: { id: 'asc' }, disableIdentityMap: true });

describeOnBothDatabases('couplings read as plain rows (issue 8)', () => {
  it('couplingsBy gives every column as an entity read does: dates, booleans, the decoded merge base', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }, { name: 'Beta', city: 'Rome', phone: '666' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const entities = await asEntities(db.host);
    const read = await db.host.state.couplingsBy('CUSTOMER', 'business', entities.map((c) => c.businessId!));
    expect(read.size).toBe(2);
    for (const entity of entities) {
      const coupling = read.get(entity.businessId!)!;
      expect(coupling.businessModifiedOn).toBeInstanceOf(Date);
      expect(coupling.createdAt).toBeInstanceOf(Date);
      expect(coupling.skipped).toBe(false);
      expect(coupling.syncedValues?.business).toMatchObject({ name: entity.businessId === 'C0001' ? 'Alpha' : 'Beta' });
      const { syncedValues: _a, ...plain } = coupling;
      // The entity also has the stored text of the merge base, which the state store decodes into `syncedValues`.
      const { syncedValues: _b, mergeBase: _c, ...expected } = entity as StoredCoupling;
      expect(typeof _c).toBe('string');
      expect(plain).toEqual(expected);
    }
  });

  it('couplingsToRetry reads only the unskipped couplings whose result in that direction is failure or pending, by id, up to the limit', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    const now = new Date('2026-01-01T00:00:00Z');
    const make = (no: string, fields: Partial<Coupling>) => ({ ...newCoupling('CUSTOMER', { businessId: no }, now), ...fields });
    const couplings = [
      make('R1', { lastResultToIntegration: 'failure' }),
      make('R2', { lastResultToIntegration: 'success' }),
      make('R3', { lastResultToIntegration: 'pending' }),
      make('R4', { lastResultToIntegration: 'failure', skipped: true }),
      make('R5', { lastResultFromIntegration: 'failure' }),
      make('R6', { lastResultToIntegration: 'failure' }),
    ];
    const em = db.host.orm.em.fork();
    for (const { id: _id, ...coupling } of couplings) await em.insert('Coupling', coupling);
    const ids = async (direction: 'toIntegration' | 'fromIntegration', limit: number) =>
      (await db!.host.state.couplingsToRetry('CUSTOMER', direction, limit)).map((c) => c.businessId);
    expect(await ids('toIntegration', 10)).toEqual(['R1', 'R3', 'R6']);
    expect(await ids('toIntegration', 2)).toEqual(['R1', 'R3']);
    expect(await ids('fromIntegration', 10)).toEqual(['R5']);
    const [retried] = await db.host.state.couplingsToRetry('CUSTOMER', 'toIntegration', 1);
    expect(retried).toMatchObject({ skipped: false, failureCountToIntegration: 0, syncedValues: null });
    expect(retried!.updatedAt).toEqual(now);
  });
});
