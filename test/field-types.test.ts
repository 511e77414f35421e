// Every field type, both directions: a SQLite ERP (MikroORM, a file) and a custom table of the Dataverse emulator over
// HTTP. Values must arrive exactly (decimals without float drift, bigints, whole-second date-times), and a quiet third
// run writes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EntitySchema } from '@mikro-orm/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, deterministicId, type Host, type TandemPlugin } from '@tandem/core';
import {
  accountTable, auditColumns, columns, DataverseClient, DataverseStore, defineTable, ThrottleRegistry, type DataverseTableDefinition,
} from '@tandem/dataverse';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { dataverseTables } from '@tandem/dataverse';

interface Parent { code: string; name: string; modifiedOn: Date }
interface Widget {
  no: string; name: string; notes: string | null; qty: number | null; serial: bigint | null; price: string | null; small: string | null;
  ratio: number | null; active: boolean | null; due: string | null; seenAt: Date | null; opensAt: string | null; ref: string | null;
  size: string | null; parent: Parent | string | null; modifiedOn: Date;
}
const ParentSchema = new EntitySchema<Parent>({
  name: 'Parent',
  properties: {
    code: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 100 },
    modifiedOn: { type: 'datetime', index: true },
  },
});
const WidgetSchema = new EntitySchema<Widget>({
  name: 'Widget',
  properties: {
    no: { type: 'string', primary: true, length: 20 },
    name: { type: 'string', length: 100 },
    notes: { type: 'text', nullable: true },
    qty: { type: 'integer', nullable: true },
    serial: { type: 'bigint', nullable: true },
    price: { type: 'decimal', precision: 15, scale: 2, nullable: true },
    small: { type: 'decimal', precision: 12, scale: 10, nullable: true },
    ratio: { type: 'double', nullable: true },
    active: { type: 'boolean', nullable: true },
    due: { type: 'date', nullable: true },
    seenAt: { type: 'datetime', nullable: true },
    opensAt: { type: 'time', nullable: true },
    ref: { type: 'uuid', nullable: true },
    size: { type: 'string', length: 1, nullable: true },
    parent: { kind: 'm:1', entity: 'Parent', nullable: true },
    modifiedOn: { type: 'datetime', index: true },
  },
});

/** A custom Dataverse table with one column of each kind. */
const widgetTable: DataverseTableDefinition = defineTable({
  logicalName: 'tandem_widget',
  entitySetName: 'tandem_widgets',
  primaryIdAttribute: 'tandem_widgetid',
  primaryNameAttribute: 'tandem_name',
  ownership: 'OrganizationOwned',
  columns: [
    columns.primaryKey('tandem_widgetid'),
    columns.text('tandem_name', 100, columns.applicationRequired),
    columns.memo('tandem_notes', 10_000),
    columns.integer('tandem_qty'),
    columns.bigInt('tandem_serial'),
    columns.money('tandem_price', 2),
    columns.decimal('tandem_small', 10),
    columns.double('tandem_ratio', 5),
    columns.boolean('tandem_active'),
    columns.dateTime('tandem_due', { format: 'DateOnly', behavior: 'DateOnly' }),
    columns.dateTime('tandem_seenat'),
    columns.text('tandem_opensat', 8),
    columns.uniqueidentifier('tandem_ref'),
    columns.picklist('tandem_size', { 100000000: 'Small', 100000001: 'Large' }),
    columns.lookup('tandem_accountid', 'account'),
    columns.activeInactiveState(),
    auditColumns(),
  ],
});

const FieldTypes: TandemPlugin = {
  name: 'FieldTypes',
  register(registry) {
    registry.addEntities(ParentSchema, WidgetSchema);
    registry.addIntegrationTable(accountTable);
    registry.addIntegrationTable(widgetTable);
    registry.addOptionMappings('widgetsize', [{ business: 'S', integration: 100000000 }, { business: 'L', integration: 100000001 }]);
    registry.addMapping({
      name: 'PARENT', businessTable: 'Parent', integrationTable: 'account', direction: 'toIntegration', syncOnlyCoupled: false,
      fields: [{ business: 'name', integration: 'name' }],
    });
    registry.addMapping({
      name: 'WIDGET', businessTable: 'Widget', integrationTable: 'tandem_widget', direction: 'bidirectional', syncOnlyCoupled: false,
      dependsOn: ['PARENT'],
      fields: [
        { business: 'name', integration: 'tandem_name' },
        { business: 'notes', integration: 'tandem_notes' },
        { business: 'qty', integration: 'tandem_qty' },
        { business: 'serial', integration: 'tandem_serial' },
        { business: 'price', integration: 'tandem_price' },
        { business: 'small', integration: 'tandem_small' },
        { business: 'ratio', integration: 'tandem_ratio' },
        { business: 'active', integration: 'tandem_active' },
        { business: 'due', integration: 'tandem_due' },
        { business: 'seenAt', integration: 'tandem_seenat' },
        { business: 'opensAt', integration: 'tandem_opensat' },
        { business: 'ref', integration: 'tandem_ref' },
        { business: 'size', integration: 'tandem_size', optionSet: 'widgetsize' },
        { business: 'parent', integration: '_tandem_accountid_value', reference: { mapping: 'PARENT' } },
      ],
    });
  },
};

const CRM_USER = 'e0e0e0e0-0000-4000-8000-0000000000bb';
let emulator: RunningEmulator | undefined;
let host: Host | undefined;
let folder: string | undefined;
afterEach(async () => {
  await host?.close();
  await emulator?.close();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));

describe('every field type transfers, both directions (issue 6, item 1)', () => {
  it('ERP → CRM, CRM → ERP, then a quiet run: each value exact', async () => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-field-types-'));
    emulator = await startEmulator({ port: 0, db: ':memory:', tables: [...Object.values(dataverseTables), widgetTable], users: [{ userId: CRM_USER, fullName: 'Casey CRM' }] });
    const integration = new DataverseStore({
      client: new DataverseClient({ url: emulator.url, auth: { token: emulator.issueToken() }, throttleRegistry: new ThrottleRegistry() }),
      tables: [widgetTable],
    });
    host = await createHost({ plugins: [FieldTypes], database: { dbName: join(folder, 'erp.sqlite') }, integration });
    const em = host.orm.em.fork();
    await em.insertMany('Parent', [
      { code: 'P1', name: 'Parent one', modifiedOn: new Date() }, { code: 'P2', name: 'Parent two', modifiedOn: new Date() },
    ]);
    await em.insert('Widget', {
      no: 'W1', name: 'Sprocket', notes: 'Line 1\nLine 2 — ünïcode 😀', qty: 2147483647, serial: 9007199254740991n,
      price: '12345678901.23', small: String(0.3), ratio: 0.1 + 0.2, active: true, due: '2024-02-29',
      seenAt: new Date('2024-03-01T10:20:30Z'), opensAt: '13:45:30', ref: '0f8fad5b-d9cb-469f-a165-70867728950e', size: 'L',
      parent: 'P1', modifiedOn: new Date(),
    });

    // ERP → CRM.
    const first = await host.engine.runAll({ full: true });
    expect(first.map((j) => [j.mapping, j.direction, j.inserted, j.failed])).toEqual([
      ['PARENT', 'toIntegration', 2, 0], ['WIDGET', 'toIntegration', 1, 0], ['WIDGET', 'fromIntegration', 0, 0],
    ]);
    const widgetId = deterministicId('WIDGET', 'W1');
    const api = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(`${emulator!.apiUrl}/${path}`, {
        ...init, headers: { Authorization: `Bearer ${emulator!.issueToken(CRM_USER)}`, 'Content-Type': 'application/json', ...init.headers },
      });
      expect(response.ok).toBe(true);
      return response.status === 204 ? undefined : ((await response.json()) as Record<string, unknown>);
    };
    const crm = await api(`tandem_widgets(${widgetId})`);
    expect(crm).toMatchObject({
      tandem_name: 'Sprocket', tandem_notes: 'Line 1\nLine 2 — ünïcode 😀', tandem_qty: 2147483647, tandem_serial: 9007199254740991,
      tandem_price: 12345678901.23, tandem_small: 0.3, tandem_ratio: 0.30000000000000004, tandem_active: true, tandem_due: '2024-02-29',
      tandem_seenat: '2024-03-01T10:20:30Z', tandem_opensat: '13:45:30', tandem_ref: '0f8fad5b-d9cb-469f-a165-70867728950e',
      tandem_size: 100000001, _tandem_accountid_value: deterministicId('PARENT', 'P1'),
    });

    // A CRM user changes every value.
    await nextSecond();
    await api(`tandem_widgets(${widgetId})`, {
      method: 'PATCH',
      body: JSON.stringify({
        tandem_name: 'Cog', tandem_notes: 'Other\r\nnotes', tandem_qty: -42, tandem_serial: 1234567890123, tandem_price: 98765432109.87,
        tandem_small: 0.7, tandem_ratio: 2.5e-7, tandem_active: false, tandem_due: '2025-12-31', tandem_seenat: '2025-01-02T03:04:05Z',
        tandem_opensat: '07:05:00', tandem_ref: 'c56a4180-65aa-42ec-a945-5fd21dec0538', tandem_size: 100000000,
        'tandem_accountid@odata.bind': `/accounts(${deterministicId('PARENT', 'P2')})`,
      }),
    });
    await nextSecond();
    const second = await host.engine.run('WIDGET');
    expect(second.map((j) => [j.direction, j.modified, j.failed])).toEqual([['toIntegration', 0, 0], ['fromIntegration', 1, 0]]);
    const [erp] = await host.orm.em.fork().find<Widget>('Widget', {}, { disableIdentityMap: true });
    expect({ ...erp, parent: (erp!.parent as unknown as Parent | null)?.code }).toMatchObject({
      name: 'Cog', notes: 'Other\r\nnotes', qty: -42, serial: 1234567890123n, price: '98765432109.87', small: '0.7', ratio: 2.5e-7,
      active: false, due: '2025-12-31', seenAt: new Date('2025-01-02T03:04:05Z'), opensAt: '07:05:00',
      ref: 'c56a4180-65aa-42ec-a945-5fd21dec0538', size: 'S', parent: 'P2',
    });

    // Nothing changed since: nothing is written either way.
    await nextSecond();
    const third = await host.engine.runAll();
    expect(third.map((j) => j.inserted + j.modified + j.failed)).toEqual([0, 0, 0]);
  });
});
