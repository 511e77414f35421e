import { auditColumns, columns, dataverseTables, defineTable, generateTableDefinition } from '@tandem/dataverse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './helpers';

const widgetTable = defineTable({
  logicalName: 'tandem_widget',
  entitySetName: 'tandem_widgets',
  primaryIdAttribute: 'tandem_widgetid',
  primaryNameAttribute: 'tandem_name',
  ownership: 'OrganizationOwned',
  columns: [
    columns.primaryKey('tandem_widgetid'),
    columns.text('tandem_name', 100, columns.applicationRequired),
    columns.picklist('tandem_size', { 100000000: 'Small', 100000001: 'Large' }),
    columns.lookup('tandem_accountid', 'account'),
    columns.dateTime('tandem_due', { format: 'DateOnly', behavior: 'DateOnly' }),
    columns.activeInactiveState(),
    auditColumns(),
  ],
});

describe('serving custom tables', () => {
  let t: TestEmulator;

  beforeAll(async () => {
    t = await startTestEmulator({ tables: [...Object.values(dataverseTables), widgetTable] });
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('stores, queries and describes a table passed in `tables`', async () => {
    const account = await t.api('accounts', { body: { name: 'Owner of widgets' } });
    const accountUrl = account.headers.get('odata-entityid')!;
    const created = await t.json('tandem_widgets?$select=tandem_name,tandem_size,tandem_due,_tandem_accountid_value', {
      body: { tandem_name: 'Sprocket', tandem_size: 100000001, tandem_due: '2024-02-29', 'tandem_accountid@odata.bind': accountUrl },
      headers: { Prefer: 'return=representation,odata.include-annotations="*"' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tandem_name: 'Sprocket',
      tandem_size: 100000001,
      'tandem_size@OData.Community.Display.V1.FormattedValue': 'Large',
      tandem_due: '2024-02-29',
      '_tandem_accountid_value@OData.Community.Display.V1.FormattedValue': 'Owner of widgets',
    });
    const filtered = await t.json('tandem_widgets?$select=tandem_name&$filter=tandem_due ge 2024-02-01 and tandem_size eq 100000001');
    expect(filtered.body.value).toHaveLength(1);
    expect((await t.json('tandem_widgets', { body: { tandem_name: 'Bad date', tandem_due: '2024-02-30' } })).status).toBe(400);
    const generated = await generateTableDefinition({ serviceUrl: t.emulator.apiUrl, getToken: async () => t.token }, 'tandem_widget');
    expect(generated).toEqual(widgetTable);
  });
});
