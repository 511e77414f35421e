import { randomUUID } from 'node:crypto';
import { AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook, HookMap } from 'tapable';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ErrorCodes,
  EVERY_MAPPING,
  SyncStage,
  TOKENS,
  type FieldContext,
  type Host,
  type PageCommitContext,
  type RecordContext,
  type SyncHooks,
  type SyncJob,
  type TableMappingDefinition,
  type TransformContext,
  type WriteContext,
} from '../src/index';
import { CUSTOMER_FIELDS, insertCustomers, integrationRows, testPlugin, touchBusiness, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

/** Every hook of DESIGN §5, with its kind. */
const HOOK_KINDS: Record<string, 'Series' | 'Bail' | 'Waterfall'> = {
  onJobStart: 'Series',
  onJobEnd: 'Series',
  onResolveMapping: 'Bail',
  onQueryPostFilter: 'Bail',
  onFindUncoupled: 'Bail',
  onBeforeTransform: 'Series',
  onTransferField: 'Waterfall',
  onAfterTransform: 'Series',
  onUpdateConflict: 'Bail',
  onDeletionConflict: 'Bail',
  onBeforeApplyTemplate: 'Series',
  onAfterApplyTemplate: 'Series',
  onBeforeInsert: 'Series',
  onAfterInsert: 'Series',
  onBeforeModify: 'Series',
  onAfterModify: 'Series',
  onUnchanged: 'Series',
  onRecordError: 'Bail',
  onBeforeCouple: 'Series',
  onAfterCouple: 'Series',
  onBeforeUncouple: 'Series',
  onAfterUncouple: 'Series',
  onAfterCommit: 'Series',
};

const CUSTOMER: TableMappingDefinition = { name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', direction: 'toIntegration', fields: CUSTOMER_FIELDS };
const SALESPERSON: TableMappingDefinition = {
  name: 'SALESPERSON', businessTable: 'Salesperson', integrationTable: 'systemuser', direction: 'toIntegration',
  fields: [{ business: 'name', integration: 'fullname' }],
};

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

async function setup(mappings: TableMappingDefinition[] = [CUSTOMER, SALESPERSON], extra?: Parameters<typeof testPlugin>[1]): Promise<Host> {
  db = await twoDatabases([testPlugin(mappings, extra)]);
  return db.host;
}

async function insertSalespeople(host: Host, names: string[]): Promise<void> {
  await host.orm.em.fork().insertMany('Salesperson', names.map((name, i) => ({ code: `SP${i + 1}`, name, modifiedOn: new Date(), modifiedBy: 'user' })));
}

async function insertAccount(name: string): Promise<string> {
  const accountid = randomUUID();
  await db!.integrationOrm.em.fork().insert('account', { accountid, name, modifiedon: new Date(), modifiedby: 'crm-user' });
  return accountid;
}

const threeCustomers = [{ name: 'Alpha', city: 'Oslo' }, { name: 'Beta', city: 'Rome' }, { name: 'Gamma', city: 'Lima' }];
const accountNames = async () => (await integrationRows(db!.integrationOrm)).map((a) => a.name as string).sort();

describe('SyncHooks: one frozen object per host', () => {
  it('has every hook of DESIGN §5 with its kind, nothing else, and cannot be changed', async () => {
    const host = await setup();
    const hooks = host.hooks as unknown as Record<string, unknown>;
    expect(Object.keys(hooks).sort()).toEqual(Object.keys(HOOK_KINDS).sort());
    expect(Object.isFrozen(host.hooks)).toBe(true);
    expect(() => {
      hooks.onJobStart = undefined;
    }).toThrow(TypeError);
    expect(() => {
      hooks.onSomethingNew = new AsyncSeriesHook(['context']);
    }).toThrow(TypeError);

    // tapable's hook factories have no prototype; each hook names its factory as its constructor.
    const kindOf = (hook: unknown) => {
      const made = (hook as { constructor?: unknown } | undefined)?.constructor;
      return made === AsyncSeriesWaterfallHook ? 'Waterfall' : made === AsyncSeriesBailHook ? 'Bail' : made === AsyncSeriesHook ? 'Series' : 'unknown';
    };
    for (const [name, kind] of Object.entries(HOOK_KINDS)) {
      const hook = hooks[name];
      if (name === 'onResolveMapping') {
        // Not per mapping: it picks among mappings.
        expect(kindOf(hook), name).toBe(kind);
        continue;
      }
      expect(hook, name).toBeInstanceOf(HookMap);
      expect(kindOf((hook as HookMap<unknown>).for('CUSTOMER')), name).toBe(kind);
    }
  });

  it('is created once per host: the container and the registry hand out the same hooks, and a mapping\'s hook stays the same', async () => {
    let registryHooks: SyncHooks | undefined;
    const host = await setup([CUSTOMER], (registry) => {
      registryHooks = registry.hooks;
    });
    expect(registryHooks).toBe(host.hooks);
    expect(host.container.resolve(TOKENS.hooks)).toBe(host.hooks);
    expect(host.hooks.onBeforeInsert.for('CUSTOMER')).toBe(host.hooks.onBeforeInsert.for('CUSTOMER'));
    await insertCustomers(host, threeCustomers);
    await host.engine.fullSync('CUSTOMER');
    expect(host.container.resolve(TOKENS.hooks)).toBe(host.hooks);
  });
});

describe('per-mapping taps and taps for every mapping', () => {
  it('.for(name) hears only that mapping; .for(EVERY_MAPPING) hears all', async () => {
    const host = await setup();
    const customerOnly: string[] = [];
    const every: string[] = [];
    const salespersonJobs: string[] = [];
    host.hooks.onBeforeInsert.for('CUSTOMER').tap('CustomerOnly', (ctx) => void customerOnly.push(`${ctx.mapping.name}:${ctx.source.id}`));
    host.hooks.onBeforeInsert.for(EVERY_MAPPING).tap('Every', (ctx) => void every.push(`${ctx.mapping.name}:${ctx.source.id}`));
    host.hooks.onJobStart.for('SALESPERSON').tap('SalespersonJobs', (ctx) => void salespersonJobs.push(ctx.job.mapping));
    await insertCustomers(host, [{ name: 'Alpha' }]);
    await insertSalespeople(host, ['Sally']);
    const jobs = await host.engine.runAll({ full: true });
    expect(jobs.map((j) => [j.mapping, j.inserted])).toEqual(
      expect.arrayContaining([['CUSTOMER', 1], ['SALESPERSON', 1]]),
    );
    expect(customerOnly).toEqual(['CUSTOMER:C0001']);
    expect(every.sort()).toEqual(['CUSTOMER:C0001', 'SALESPERSON:SP1']);
    expect(salespersonJobs).toEqual(['SALESPERSON']);
  });

  it('taps run in the order of their stages, not of their registration', async () => {
    const host = await setup([CUSTOMER]);
    const order: string[] = [];
    const hook = host.hooks.onBeforeInsert.for('CUSTOMER');
    hook.tap({ name: 'Observer', stage: SyncStage.OBSERVE }, () => void order.push('OBSERVE'));
    hook.tap({ name: 'Enricher', stage: SyncStage.ENRICH }, () => void order.push('ENRICH'));
    hook.tap('Default', () => void order.push('DEFAULT'));
    hook.tapPromise({ name: 'Translator', stage: SyncStage.TRANSLATE }, async () => void order.push('TRANSLATE'));
    hook.tap({ name: 'Validator', stage: SyncStage.VALIDATE }, () => void order.push('VALIDATE'));
    await insertCustomers(host, [{ name: 'Alpha' }]);
    await host.engine.fullSync('CUSTOMER');
    expect(order).toEqual(['VALIDATE', 'TRANSLATE', 'DEFAULT', 'ENRICH', 'OBSERVE']);
  });

  it('taps for every mapping and for one mapping share one stage order', async () => {
    const host = await setup([CUSTOMER]);
    const order: string[] = [];
    host.hooks.onBeforeInsert.for(EVERY_MAPPING).tap({ name: 'EveryObserver', stage: SyncStage.OBSERVE }, () => void order.push('every:OBSERVE'));
    host.hooks.onBeforeInsert.for(EVERY_MAPPING).tap('EveryDefault', () => void order.push('every:DEFAULT'));
    host.hooks.onBeforeInsert.for('CUSTOMER').tap({ name: 'OwnValidator', stage: SyncStage.VALIDATE }, () => void order.push('own:VALIDATE'));
    host.hooks.onBeforeInsert.for('CUSTOMER').tap('OwnDefault', () => void order.push('own:DEFAULT'));
    await insertCustomers(host, [{ name: 'Alpha' }]);
    await host.engine.fullSync('CUSTOMER');
    expect(order).toEqual(['own:VALIDATE', 'every:DEFAULT', 'own:DEFAULT', 'every:OBSERVE']);
    // A tap added later is part of the next call.
    host.hooks.onBeforeInsert.for('CUSTOMER').tap({ name: 'Late', stage: SyncStage.ENRICH }, () => void order.push('own:ENRICH'));
    order.length = 0;
    await insertCustomers(host, [{ no: 'C9', name: 'Beta' }]);
    await host.engine.fullSync('CUSTOMER');
    expect(order).toEqual(['own:VALIDATE', 'every:DEFAULT', 'own:DEFAULT', 'own:ENRICH', 'every:OBSERVE']);
  });
});

describe('what taps may do', () => {
  it('onTransferField (Waterfall): each tap replaces the value the next one gets; the last value is written', async () => {
    const host = await setup([CUSTOMER]);
    const seen: { field: string | undefined; destinationField: string; value: unknown }[] = [];
    host.hooks.onTransferField.for('CUSTOMER').tap({ name: 'Second', stage: SyncStage.ENRICH }, (value, ctx) =>
      ctx.destinationField === 'name' ? `${String(value)} [checked]` : value,
    );
    host.hooks.onTransferField.for('CUSTOMER').tapPromise({ name: 'First', stage: SyncStage.TRANSLATE }, async (value, ctx) => {
      seen.push({ field: ctx.field.business, destinationField: ctx.destinationField, value });
      return ctx.destinationField === 'name' ? `${String(value)} (ERP)` : value;
    });
    await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo' }]);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    const [account] = await integrationRows(db!.integrationOrm);
    expect(account).toMatchObject({ name: 'Alpha (ERP) [checked]', address1_city: 'Oslo' });
    expect(seen).toEqual(
      expect.arrayContaining([
        { field: 'name', destinationField: 'name', value: 'Alpha' },
        { field: 'city', destinationField: 'address1_city', value: 'Oslo' },
      ]),
    );
  });

  it('onQueryPostFilter returning true ignores a row: not written, not coupled, not counted', async () => {
    const host = await setup([CUSTOMER]);
    host.hooks.onQueryPostFilter.for('CUSTOMER').tap('NoBeta', (ctx) => (ctx.source.values.name === 'Beta' ? true : undefined));
    await insertCustomers(host, threeCustomers);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, modified: 0, unchanged: 0, skipped: 0, failed: 0 });
    expect(await accountNames()).toEqual(['Alpha', 'Gamma']);
    expect((await host.state.couplings('CUSTOMER')).map((c) => c.businessId).sort()).toEqual(['C0001', 'C0003']);
    expect(await host.state.errors(job!.mapping, { jobId: job!.id })).toEqual([]);
  });

  it('onQueryPostFilter: a tap answering false lets the next taps (of this and every mapping) still ignore the row', async () => {
    const host = await setup([CUSTOMER]);
    host.hooks.onQueryPostFilter.for(EVERY_MAPPING).tap('Predicate', (ctx) => ctx.source.values.name === 'Beta');
    host.hooks.onQueryPostFilter.for('CUSTOMER').tap('First', (ctx) => ctx.source.values.name === 'Alpha');
    host.hooks.onQueryPostFilter.for('CUSTOMER').tapPromise('Second', async (ctx) => ctx.source.values.name === 'Gamma');
    await insertCustomers(host, [...threeCustomers, { name: 'Delta' }]);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 1, failed: 0, skipped: 0 });
    expect(await accountNames()).toEqual(['Delta']);
  });

  it('onFindUncoupled: a tap that finds nothing (null) lets the next tap find the row to couple', async () => {
    const host = await setup([{ ...CUSTOMER, fields: CUSTOMER_FIELDS.map(({ match: _match, ...field }) => field) }]);
    const existing = await insertAccount('Alpha in the CRM');
    const asked: string[] = [];
    host.hooks.onFindUncoupled.for('CUSTOMER').tap('FindsNothing', () => {
      asked.push('FindsNothing');
      return null as never;
    });
    host.hooks.onFindUncoupled.for('CUSTOMER').tapPromise('FindsIt', async () => {
      asked.push('FindsIt');
      const [row] = await db!.host.stores.integration.getByIds('account', [existing]);
      return row;
    });
    await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo' }]);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(asked).toEqual(['FindsNothing', 'FindsIt']);
    expect(job).toMatchObject({ inserted: 0, modified: 1, coupled: 1, failed: 0 });
    expect(await host.state.findCoupling('CUSTOMER', 'business', 'C0001')).toMatchObject({ integrationId: existing });
    expect(await integrationRows(db!.integrationOrm)).toEqual([expect.objectContaining({ accountid: existing, name: 'Alpha', address1_city: 'Oslo' })]);
  });

  it('onBeforeInsert skip() vetoes the insert: counted as skipped, nothing written for it', async () => {
    const host = await setup([CUSTOMER]);
    host.hooks.onBeforeInsert.for('CUSTOMER').tap('NoBeta', (ctx) => {
      if (ctx.values.name === 'Beta') ctx.skip('Beta is not ready');
    });
    await insertCustomers(host, threeCustomers);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, skipped: 1, failed: 0 });
    expect(await accountNames()).toEqual(['Alpha', 'Gamma']);
    expect((await host.state.couplings('CUSTOMER')).filter((c) => c.integrationId).map((c) => c.businessId).sort()).toEqual(['C0001', 'C0003']);
  });

  it('a before-hook may change the values to write', async () => {
    const host = await setup([CUSTOMER]);
    host.hooks.onBeforeInsert.for('CUSTOMER').tap('Phone', (ctx) => {
      ctx.values.telephone1 = '+47 000';
    });
    await insertCustomers(host, [{ name: 'Alpha', phone: null }]);
    await host.engine.fullSync('CUSTOMER');
    expect((await integrationRows(db!.integrationOrm))[0]).toMatchObject({ name: 'Alpha', telephone1: '+47 000' });
  });

  it('onJobStart sees the job begin; onJobEnd sees it with its final counters, already stored', async () => {
    const host = await setup([CUSTOMER]);
    const events: { at: string; id: string; inserted: number; finished: boolean; stored?: number }[] = [];
    host.hooks.onJobStart.for('CUSTOMER').tap('Start', ({ job }) => void events.push({ at: 'start', id: job.id, inserted: job.inserted, finished: job.finishedAt !== null }));
    host.hooks.onJobEnd.for('CUSTOMER').tapPromise('End', async ({ job }) => {
      const stored = (await host.state.jobs('CUSTOMER')).find((j) => j.id === job.id);
      events.push({ at: 'end', id: job.id, inserted: job.inserted, finished: job.finishedAt instanceof Date, stored: stored?.inserted });
    });
    await insertCustomers(host, threeCustomers);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(events).toEqual([
      { at: 'start', id: job!.id, inserted: 0, finished: false },
      { at: 'end', id: job!.id, inserted: 3, finished: true, stored: 3 },
    ]);
  });

  it('onAfterCommit sees each record\'s outcome after the page\'s state is committed', async () => {
    const host = await setup([CUSTOMER]);
    host.hooks.onQueryPostFilter.for('CUSTOMER').tap('NoGamma', (ctx) => (ctx.source.values.name === 'Gamma' ? true : undefined));
    const commits: { outcomes: PageCommitContext['outcomes']; couplings: number; job: SyncJob }[] = [];
    host.hooks.onAfterCommit.for('CUSTOMER').tapPromise('AfterCommit', async (ctx) => {
      commits.push({ outcomes: ctx.outcomes, couplings: (await host.state.couplings('CUSTOMER')).length, job: ctx.job });
    });
    await insertCustomers(host, threeCustomers);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(commits).toHaveLength(1);
    const couplings = await host.state.couplings('CUSTOMER');
    const accountOf = (businessId: string) => couplings.find((c) => c.businessId === businessId)!.integrationId;
    expect(commits[0]!.outcomes).toEqual([
      { sourceId: 'C0001', destinationId: accountOf('C0001'), action: 'insert' },
      { sourceId: 'C0002', destinationId: accountOf('C0002'), action: 'insert' },
      { sourceId: 'C0003', action: 'ignore' },
    ]);
    expect(commits[0]!.couplings).toBe(2);
    expect(commits[0]!.job.id).toBe(job!.id);
  });

  it('onUnchanged fires for a changed source row with nothing to write, and no modify hook does', async () => {
    const host = await setup([CUSTOMER]);
    const unchanged: RecordContext[] = [];
    const modified: string[] = [];
    host.hooks.onUnchanged.for('CUSTOMER').tap('Unchanged', (ctx) => void unchanged.push(ctx));
    host.hooks.onBeforeModify.for(EVERY_MAPPING).tap('Modify', (ctx) => void modified.push(ctx.source.id));
    await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo' }]);
    await host.engine.fullSync('CUSTOMER');
    expect(unchanged).toHaveLength(0);
    // Saved again by a user with the same values: a new modified-on, nothing that differs.
    await touchBusiness(host, 'Customer', 'C0001', { name: 'Alpha', city: 'Oslo' }, new Date(Date.now() + 10));
    const [job] = await host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ unchanged: 1, modified: 0, inserted: 0 });
    expect(unchanged).toHaveLength(1);
    const [account] = await integrationRows(db!.integrationOrm);
    expect(unchanged[0]).toMatchObject({ source: { id: 'C0001' }, destination: { id: account!.accountid }, job: { id: job!.id } });
    expect(modified).toEqual([]);
  });

  it('onAfterTransform may change the changes or skip(); a skip() kept from its context and called by a later hook skips too', async () => {
    const host = await setup([{ ...CUSTOMER, templates: { integration: [{ name: 'NEW', values: { customertypecode: 3 } }] } }]);
    let kept: TransformContext | undefined;
    host.hooks.onAfterTransform.for('CUSTOMER').tap('Edit', (ctx) => {
      if (ctx.source.values.name === 'Alpha') ctx.changes.address1_city = 'Changed';
      if (ctx.source.values.name === 'Beta') ctx.skip('Beta is not ready');
      if (ctx.source.values.name === 'Gamma') kept = ctx;
    });
    // Called after the transform by a template hook, with no before-write tap listening.
    host.hooks.onAfterApplyTemplate.for('CUSTOMER').tap('Late', (ctx) => {
      if (ctx.source.values.name === 'Gamma') kept!.skip('Gamma, later');
    });
    await insertCustomers(host, threeCustomers);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 1, skipped: 2, failed: 0 });
    expect(await integrationRows(db!.integrationOrm)).toEqual([expect.objectContaining({ name: 'Alpha', address1_city: 'Changed', customertypecode: 3 })]);
  });

  it('without any decision tap, a new row gets its template under the transferred values, and an update only what differs', async () => {
    const host = await setup([{ ...CUSTOMER, templates: { integration: [{ name: 'NEW', values: { customertypecode: 3, address1_city: 'template' } }] } }]);
    await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo' }, { name: 'Beta', city: null }]);
    expect((await host.engine.fullSync('CUSTOMER'))[0]).toMatchObject({ inserted: 2, failed: 0 });
    const rows = async () => (await integrationRows(db!.integrationOrm)).sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(await rows()).toEqual([
      expect.objectContaining({ name: 'Alpha', address1_city: 'Oslo', customertypecode: 3 }),
      expect.objectContaining({ name: 'Beta', address1_city: null, customertypecode: 3 }),
    ]);
    await touchBusiness(host, 'Customer', 'C0001', { name: 'Alpha', city: 'Bergen' }, new Date(Date.now() + 10));
    expect((await host.engine.run('CUSTOMER'))[0]).toMatchObject({ modified: 1, failed: 0 });
    expect((await rows())[0]).toMatchObject({ name: 'Alpha', address1_city: 'Bergen', customertypecode: 3 });
  });
});

describe('typed context objects', () => {
  it('carry mapping, direction, source, destination, coupling, job (and the field, the values, the result)', async () => {
    const host = await setup([CUSTOMER]);
    const inserts: WriteContext[] = [];
    const transforms: TransformContext[] = [];
    const fields: FieldContext[] = [];
    const modifies: { before?: WriteContext; after?: WriteContext } = {};
    host.hooks.onBeforeInsert.for('CUSTOMER').tap('Insert', (ctx) => void inserts.push({ ...ctx, values: { ...ctx.values } }));
    host.hooks.onBeforeTransform.for('CUSTOMER').tap('Transform', (ctx) => void transforms.push(ctx));
    host.hooks.onTransferField.for('CUSTOMER').tap('Field', (value, ctx) => {
      fields.push(ctx);
      return value;
    });
    host.hooks.onBeforeModify.for('CUSTOMER').tap('Before', (ctx) => void (modifies.before = { ...ctx, values: { ...ctx.values } }));
    host.hooks.onAfterModify.for('CUSTOMER').tap('After', (ctx) => void (modifies.after = ctx));

    await insertCustomers(host, [{ name: 'Alpha', city: 'Oslo' }]);
    const [first] = await host.engine.fullSync('CUSTOMER');
    expect(inserts).toHaveLength(1);
    const insert = inserts[0]!;
    expect(insert.mapping.name).toBe('CUSTOMER');
    expect(insert.direction).toBe('toIntegration');
    expect(insert.job.id).toBe(first!.id);
    expect(insert.source).toMatchObject({ id: 'C0001', values: { name: 'Alpha', city: 'Oslo' } });
    expect(insert.source.modifiedOn).toBeInstanceOf(Date);
    expect(insert.destination).toBeUndefined();
    expect(insert.coupling).toBeUndefined();
    expect(insert.values).toMatchObject({ name: 'Alpha', address1_city: 'Oslo' });
    expect(transforms[0]).toMatchObject({ action: 'insert', mapping: { name: 'CUSTOMER' }, source: { id: 'C0001' } });
    expect(fields.map((f) => f.destinationField).sort()).toEqual(['address1_city', 'name', 'telephone1']);
    expect(fields.find((f) => f.destinationField === 'address1_city')!.field).toMatchObject({ business: 'city', integration: 'address1_city' });

    const [account] = await integrationRows(db!.integrationOrm);
    const accountId = account!.accountid as string;
    transforms.length = 0;
    fields.length = 0;
    await touchBusiness(host, 'Customer', 'C0001', { city: 'Bergen' }, new Date(Date.now() + 10));
    const [second] = await host.engine.run('CUSTOMER');
    expect(second).toMatchObject({ modified: 1 });
    const before = modifies.before!;
    expect(before.mapping.name).toBe('CUSTOMER');
    expect(before.direction).toBe('toIntegration');
    expect(before.job.id).toBe(second!.id);
    expect(before.source).toMatchObject({ id: 'C0001', values: { city: 'Bergen' } });
    expect(before.destination).toMatchObject({ id: accountId, values: { name: 'Alpha', address1_city: 'Oslo' } });
    expect(before.coupling).toMatchObject({ mapping: 'CUSTOMER', businessId: 'C0001', integrationId: accountId });
    expect(before.values).toEqual({ address1_city: 'Bergen' });
    expect(transforms[0]).toMatchObject({ action: 'modify', coupling: { businessId: 'C0001', integrationId: accountId }, destination: { id: accountId } });
    expect(fields[0]!.coupling).toMatchObject({ businessId: 'C0001', integrationId: accountId });
    const after = modifies.after!;
    expect(after.result).toMatchObject({ id: accountId });
    expect(after.result!.modifiedOn).toBeInstanceOf(Date);
  });
});

describe('a tap that throws', () => {
  it('fails only that record, with a SyncJobError naming the hook and the tap; the rest of the page is written', async () => {
    const host = await setup([CUSTOMER], (registry) => {
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('TestPlugin', (ctx) => {
        if (ctx.values.name === 'Beta') throw new Error('Beta has no VAT number');
      });
    });
    await insertCustomers(host, threeCustomers);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, failed: 1 });
    expect(await accountNames()).toEqual(['Alpha', 'Gamma']);
    const errors = await host.state.errors(job!.mapping, { jobId: job!.id });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ sourceId: 'C0002', code: ErrorCodes.HOOK_FAILED, mapping: 'CUSTOMER' });
    expect(errors[0]!.message).toContain('onBeforeInsert');
    expect(errors[0]!.message).toContain('"TestPlugin"');
    expect(errors[0]!.message).toContain('Beta has no VAT number');
    const failed = (await host.state.couplings('CUSTOMER')).find((c) => c.businessId === 'C0002');
    expect(failed).toMatchObject({ lastResultToIntegration: 'failure', integrationId: null });
  });

  it('a tap that throws in onJobStart stops the job, and the job row is still finished with the hook\'s error', async () => {
    const host = await setup([CUSTOMER]);
    host.hooks.onJobStart.for('CUSTOMER').tap('Gatekeeper', () => {
      throw new Error('not during office hours');
    });
    await insertCustomers(host, threeCustomers);
    const error = await host.engine.run('CUSTOMER').then(() => undefined, (e: unknown) => e as { code?: string; message: string });
    expect(error?.code).toBe(ErrorCodes.HOOK_FAILED);
    expect(error?.message).toContain('onJobStart');
    expect(error?.message).toContain('"Gatekeeper"');
    expect(await accountNames()).toEqual([]);
    const jobs = await host.state.jobs('CUSTOMER');
    expect(jobs).toHaveLength(1);
    // A job that never ends would show as running forever in `tandem jobs`.
    expect(jobs[0]!.finishedAt).toBeInstanceOf(Date);
    expect(jobs[0]!.message).toContain('not during office hours');
  });

  it('the same holds for a promise tap on a Waterfall hook', async () => {
    const host = await setup([CUSTOMER]);
    host.hooks.onTransferField.for(EVERY_MAPPING).tapPromise('CityCheck', async (value, ctx) => {
      if (ctx.destinationField === 'address1_city' && value === 'Rome') throw new Error('no deliveries to Rome');
      return value;
    });
    await insertCustomers(host, threeCustomers);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 2, failed: 1 });
    expect(await accountNames()).toEqual(['Alpha', 'Gamma']);
    const [error] = await host.state.errors(job!.mapping, { jobId: job!.id });
    expect(error).toMatchObject({ sourceId: 'C0002', code: ErrorCodes.HOOK_FAILED });
    expect(error!.message).toContain('onTransferField');
    expect(error!.message).toContain('"CityCheck"');
  });
});

describe('promise taps called without wrappers of their own (issue 8)', () => {
  it('a tapPromise function that throws before returning its promise, or returns no promise, behaves as an async one', async () => {
    const host = await setup([CUSTOMER]);
    // Not `async`: throws synchronously for Beta, returns a plain value (no promise) for the others.
    host.hooks.onBeforeInsert.for(EVERY_MAPPING).tapPromise('SyncThrower', ((ctx: { values: Record<string, unknown> }) => {
      if (ctx.values.name === 'Beta') throw new Error('Beta is blocked');
      return undefined;
    }) as never);
    // A Bail tap answering false (not an answer) as a plain value, then one finding nothing: the next taps still run.
    host.hooks.onQueryPostFilter.for(EVERY_MAPPING).tapPromise('NotMe', (() => false) as never);
    host.hooks.onQueryPostFilter.for('CUSTOMER').tapPromise('IgnoreGamma', async (ctx) => ctx.source.values.name === 'Gamma');
    await insertCustomers(host, threeCustomers);
    const [job] = await host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ inserted: 1, failed: 1 });
    expect(await accountNames()).toEqual(['Alpha']);
    const [error] = await host.state.errors(job!.mapping, { jobId: job!.id });
    expect(error).toMatchObject({ sourceId: 'C0002', code: ErrorCodes.HOOK_FAILED });
    expect(error!.message).toContain('onBeforeInsert');
    expect(error!.message).toContain('"SyncThrower"');
    expect(error!.message).toContain('Beta is blocked');
  });
});

describe('coupling hooks', () => {
  it('onBeforeCouple veto() stops engine.couple; onAfterCouple sees the couplings made', async () => {
    const host = await setup([CUSTOMER]);
    const before: string[] = [];
    const after: string[] = [];
    host.hooks.onBeforeCouple.for('CUSTOMER').tap('Guard', (ctx) => {
      before.push(`${ctx.mapping.name}:${ctx.businessId}->${ctx.integrationId}`);
      if (ctx.businessId === 'C0001') ctx.veto('Alpha is coupled by hand only');
    });
    host.hooks.onAfterCouple.for('CUSTOMER').tap('Audit', (ctx) => void after.push(ctx.businessId));
    await insertCustomers(host, [{ name: 'Alpha' }, { name: 'Beta' }]);
    const alpha = await insertAccount('Alpha');
    const beta = await insertAccount('Beta');

    const error = await host.engine.couple('CUSTOMER', 'C0001', alpha).then(() => undefined, (e: unknown) => e as { code?: string; message: string });
    expect(error?.code).toBe(ErrorCodes.COUPLING_INVALID);
    expect(error?.message).toContain('Alpha is coupled by hand only');
    expect(await host.state.findCoupling('CUSTOMER', 'business', 'C0001')).toBeNull();

    await host.engine.couple('CUSTOMER', 'C0002', beta);
    expect(await host.state.findCoupling('CUSTOMER', 'business', 'C0002')).toMatchObject({ integrationId: beta });
    expect(before).toEqual([`CUSTOMER:C0001->${alpha}`, `CUSTOMER:C0002->${beta}`]);
    expect(after).toEqual(['C0002']);
  });

  it('onBeforeUncouple veto() stops engine.uncouple', async () => {
    const host = await setup([CUSTOMER]);
    host.hooks.onBeforeUncouple.for(EVERY_MAPPING).tap('Keep', (ctx) => ctx.veto(`keep ${ctx.businessId}`));
    await insertCustomers(host, [{ name: 'Alpha' }]);
    const alpha = await insertAccount('Alpha');
    await host.engine.couple('CUSTOMER', 'C0001', alpha);
    await expect(host.engine.uncouple('CUSTOMER', { businessId: 'C0001' })).rejects.toThrow('keep C0001');
    expect(await host.state.findCoupling('CUSTOMER', 'business', 'C0001')).toMatchObject({ integrationId: alpha });
  });
});
