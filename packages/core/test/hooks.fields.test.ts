import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCodes, EVERY_MAPPING, SyncStage, TandemError, type FieldTarget, type Host, type PluginRegistry, type TableMappingDefinition } from '../src/index';
import {
  businessRows, customerMapping, insertCustomers, integrationRows, later, testPlugin, touchBusiness, touchIntegration, twoDatabases,
  type TwoDatabases,
} from './fixtures/twoDatabases';

// `onTransferField`'s `fields` tap option: a tap hears only the fields it names (or its predicate accepts).

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function setup(mapping: TableMappingDefinition, taps: (registry: PluginRegistry) => void): Promise<Host> {
  db = await twoDatabases([testPlugin([mapping], taps)]);
  return db.host;
}

const toIntegration = customerMapping({ direction: 'toIntegration' });

describe('onTransferField fields option', () => {
  it('calls a tap only for the fields its names or its predicate pick; other fields keep their values', async () => {
    const seen: Record<string, string[]> = { names: [], predicate: [], all: [] };
    const host = await setup(toIntegration, (registry) => {
      const hook = registry.hooks.onTransferField.for('CUSTOMER');
      hook.tap({ name: 'Names', fields: ['name', 'telephone1'] }, (value, ctx) => {
        seen.names!.push(ctx.destinationField);
        return `${String(value)}!`;
      });
      hook.tapPromise({ name: 'Predicate', fields: ({ field }) => field.business === 'city' }, async (value, ctx) => {
        seen.predicate!.push(ctx.destinationField);
        return String(value).toUpperCase();
      });
      hook.tap('All', (value, ctx) => {
        seen.all!.push(ctx.destinationField);
        return value;
      });
    });
    await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo', phone: '1' }, { name: 'Beta', city: 'Rome', phone: '2' }]);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, failed: 0 });
    expect(seen.names!.sort()).toEqual(['name', 'name', 'telephone1', 'telephone1']);
    expect(seen.predicate).toEqual(['address1_city', 'address1_city']);
    expect(seen.all!.sort()).toEqual(['address1_city', 'address1_city', 'name', 'name', 'telephone1', 'telephone1']);
    const accounts = (await integrationRows(db!.integrationOrm)).sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(accounts).toMatchObject([
      { name: 'Alpha!', address1_city: 'OSLO', telephone1: '1!' },
      { name: 'Beta!', address1_city: 'ROME', telephone1: '2!' },
    ]);
  });

  it('asks a predicate once per mapping, direction and field, however many records and runs', async () => {
    const asked = new Map<string, number>();
    const targets: FieldTarget[] = [];
    const cities: string[] = [];
    const host = await setup(customerMapping({ direction: 'bidirectional' }), (registry) => {
      const predicate = (target: FieldTarget) => {
        const key = `${target.mapping.name}/${target.direction}/${target.destinationField}`;
        asked.set(key, (asked.get(key) ?? 0) + 1);
        targets.push(target);
        return target.destinationField === 'address1_city' || target.destinationField === 'city';
      };
      registry.hooks.onTransferField.for(EVERY_MAPPING).tap({ name: 'Cities', fields: predicate }, (value, ctx) => {
        cities.push(`${ctx.direction}:${String(value)}`);
        return value;
      });
    });
    await insertCustomers(host, Array.from({ length: 25 }, (_, i) => ({ name: `N${i}`, city: `City ${i}` })));
    await host.engine.fullSync('CUSTOMER');
    expect(cities.filter((c) => c.startsWith('toIntegration:'))).toHaveLength(25);

    // Another run in each direction, and a tap added on the way (the plans are made again, the answers kept).
    const account = (await integrationRows(db!.integrationOrm)).find((a) => a.name === 'N0');
    await touchIntegration(db!.integrationOrm, account!.accountid, { address1_city: 'Lima' }, later());
    host.hooks.onTransferField.for('CUSTOMER').tap({ name: 'Late', stage: SyncStage.OBSERVE, fields: ['telephone1'] }, (value) => value);
    await touchBusiness(host, 'Customer', 'C0002', { city: 'Bergen' }, later(20));
    await host.engine.run('CUSTOMER');
    expect(cities).toEqual(expect.arrayContaining(['toIntegration:Bergen', 'fromIntegration:Lima']));
    expect((await businessRows(host)).find((c) => c.no === 'C0001')).toMatchObject({ name: 'N0', city: 'Lima' });

    expect([...asked.keys()].sort()).toEqual([
      'CUSTOMER/fromIntegration/city', 'CUSTOMER/fromIntegration/name', 'CUSTOMER/fromIntegration/phone',
      'CUSTOMER/toIntegration/address1_city', 'CUSTOMER/toIntegration/name', 'CUSTOMER/toIntegration/telephone1',
    ]);
    expect([...asked.values()].every((count) => count === 1)).toBe(true);
    expect(targets.find((t) => t.destinationField === 'address1_city')).toMatchObject({
      mapping: { name: 'CUSTOMER' }, direction: 'toIntegration', field: { business: 'city', integration: 'address1_city' },
    });
  });

  it('keeps one stage order for filtered taps of every mapping and of the mapping', async () => {
    const order: string[] = [];
    const step = (label: string) => (value: unknown, ctx: { destinationField: string }) => {
      order.push(`${ctx.destinationField}:${label}`);
      return `${String(value)}|${label}`;
    };
    const host = await setup(toIntegration, (registry) => {
      const every = registry.hooks.onTransferField.for(EVERY_MAPPING);
      const own = registry.hooks.onTransferField.for('CUSTOMER');
      every.tap({ name: 'EveryObserve', stage: SyncStage.OBSERVE, fields: ['name'] }, step('every:OBSERVE'));
      every.tap({ name: 'EveryDefault', fields: ['name', 'address1_city'] }, step('every:DEFAULT'));
      own.tap({ name: 'OwnValidate', stage: SyncStage.VALIDATE, fields: ({ destinationField }) => destinationField === 'name' }, step('own:VALIDATE'));
      own.tapPromise({ name: 'OwnEnrich', stage: SyncStage.ENRICH, fields: ['address1_city', 'name'] }, async (value, ctx) => step('own:ENRICH')(value, ctx));
    });
    await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo', phone: '7' }]);
    await host.engine.fullSync('CUSTOMER');
    expect(order.filter((o) => o.startsWith('name:'))).toEqual(['name:own:VALIDATE', 'name:every:DEFAULT', 'name:own:ENRICH', 'name:every:OBSERVE']);
    expect(order.filter((o) => o.startsWith('address1_city:'))).toEqual(['address1_city:every:DEFAULT', 'address1_city:own:ENRICH']);
    expect(order.some((o) => o.startsWith('telephone1:'))).toBe(false);
    expect((await integrationRows(db!.integrationOrm))[0]).toMatchObject({
      name: 'Alpha|own:VALIDATE|every:DEFAULT|own:ENRICH|every:OBSERVE',
      address1_city: 'Oslo|every:DEFAULT|own:ENRICH',
      telephone1: '7',
    });
  });

  it('holds through tapable too, when a hook has an interceptor of its own', async () => {
    const seen: string[] = [];
    let intercepted = 0;
    const host = await setup(toIntegration, (registry) => {
      const hook = registry.hooks.onTransferField.for('CUSTOMER');
      hook.intercept({ call: () => void (intercepted += 1) });
      hook.tap({ name: 'Sync', fields: ['name'] }, (value, ctx) => {
        seen.push(`sync:${ctx.destinationField}`);
        return `${String(value)}!`;
      });
      hook.tapPromise({ name: 'Promise', fields: ({ field }) => field.business === 'city' }, async (value, ctx) => {
        seen.push(`promise:${ctx.destinationField}`);
        return String(value).toUpperCase();
      });
      hook.tapAsync({ name: 'Async', fields: ['telephone1', 'name'] }, (value, ctx, callback) => {
        seen.push(`async:${ctx.destinationField}`);
        callback(null, `${String(value)}?`);
      });
    });
    await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo', phone: '7' }]);
    await host.engine.fullSync('CUSTOMER');
    expect(intercepted).toBeGreaterThan(0);
    expect(seen.sort()).toEqual(['async:name', 'async:telephone1', 'promise:address1_city', 'sync:name']);
    expect((await integrationRows(db!.integrationOrm))[0]).toMatchObject({ name: 'Alpha!?', address1_city: 'OSLO', telephone1: '7?' });

    // The same hook merged with a tap for every mapping: its taps are called through their wrapped functions.
    seen.length = 0;
    host.hooks.onTransferField.for(EVERY_MAPPING).tap({ name: 'Every', fields: ['telephone1'] }, (value, ctx) => {
      seen.push(`every:${ctx.destinationField}`);
      return `${String(value)}#`;
    });
    await touchBusiness(host, 'Customer', 'C0001', { name: 'Beta', city: 'Rome', phone: '8' }, later());
    await host.engine.run('CUSTOMER');
    expect(seen.sort()).toEqual(['async:name', 'async:telephone1', 'every:telephone1', 'promise:address1_city', 'sync:name']);
    expect((await integrationRows(db!.integrationOrm))[0]).toMatchObject({ name: 'Beta!?', address1_city: 'ROME', telephone1: '8#?' });
  });

  it('refuses a fields option that is neither names nor a function, when tapped', async () => {
    const host = await setup(toIntegration, () => undefined);
    const hook = host.hooks.onTransferField.for('CUSTOMER');
    const bad: unknown[] = ['name', [], ['name', ''], [42], null, {}, new Set(['name'])];
    for (const fields of bad) {
      let error: unknown;
      try {
        hook.tap({ name: 'BadTap', fields: fields as never }, (value) => value);
      } catch (thrown) {
        error = thrown;
      }
      expect(error, JSON.stringify(fields)).toBeInstanceOf(TandemError);
      expect(error).toMatchObject({ code: ErrorCodes.HOOK_OPTION_INVALID });
      expect((error as Error).message).toContain('Hook onTransferField, tap "BadTap"');
      expect((error as Error).message).toContain('"fields"');
    }
    expect(hook.taps).toHaveLength(0);

    // At boot: the plugin's register fails, naming the tap.
    await db!.close();
    db = undefined;
    const boot = twoDatabases([testPlugin([toIntegration], (registry) => {
      registry.hooks.onTransferField.for(EVERY_MAPPING).tap({ name: 'Typo', fields: 'name' as never }, (value) => value);
    })]);
    await expect(boot).rejects.toMatchObject({ code: 'TANDEM_HOOK_OPTION_INVALID', message: expect.stringContaining('tap "Typo"') });
  });
});
