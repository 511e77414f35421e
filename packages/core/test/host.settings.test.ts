import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MappingValidationError } from '../src/index';
import { customerMapping, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
let dir: string;
afterEach(async () => {
  await db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe('the host and persisted mapping settings', () => {
  it('creates the schema once and updates it idempotently at every start; settings persist and reset to the defaults', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-host-'));
    const files = { businessFile: join(dir, 'b.sqlite'), integrationFile: join(dir, 'i.sqlite') };
    const plugin = () => testPlugin([customerMapping({ direction: 'toIntegration', pageSize: 250 })]);
    db = await twoDatabases([plugin()], files);
    expect(await db.host.orm.schema.getUpdateSchemaSQL({ safe: true })).toBe('');
    const updated = await db.host.mappings.update('CUSTOMER', { syncOnlyCoupled: false, pageSize: 50, updateConflictResolution: 'getUpdateFromIntegration' });
    expect(updated).toMatchObject({ syncOnlyCoupled: false, pageSize: 50 });
    await expect(db.host.mappings.update('CUSTOMER', { pageSize: 0 })).rejects.toThrow(MappingValidationError);
    await expect(db.host.mappings.update('CUSTOMER', { bogus: 1 } as never)).rejects.toThrow(/unknown mapping settings: bogus/);
    await db.close();

    db = await twoDatabases([plugin()], files);
    expect(await db.host.orm.schema.getUpdateSchemaSQL({ safe: true })).toBe('');
    expect(db.host.mappings.get('CUSTOMER')).toMatchObject({ syncOnlyCoupled: false, pageSize: 50, updateConflictResolution: 'getUpdateFromIntegration' });
    expect(db.host.mappings.defaults('CUSTOMER')).toMatchObject({ syncOnlyCoupled: true, pageSize: 250 });
    await db.host.mappings.reset('CUSTOMER');
    await db.close();

    db = await twoDatabases([plugin()], files);
    expect(db.host.mappings.get('CUSTOMER')).toMatchObject({ syncOnlyCoupled: true, pageSize: 250, updateConflictResolution: 'none' });
    const schedule = await db.host.orm.em.fork().find('ScheduleEntry', {});
    expect(schedule).toMatchObject([{ mapping: 'CUSTOMER', intervalSeconds: 1800, inactivityTimeoutSeconds: 43200, status: 'ready' }]);
  });
});
