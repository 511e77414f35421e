import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FetchLike, TableMetadataJson } from '../src/generator/index';
import {
  buildTableDefinition,
  generateTableDefinition,
  MetadataError,
  metadataUrls,
  renderTableDefinitionFile,
  tableMetadataFromDefinition,
} from '../src/generator/index';
import type { DataverseTableDefinition } from '../src/tables/index';
import { accountTable, dataverseTables } from '../src/tables/index';

// ---- Recorded-shape metadata for a slice of `account`, written after the Web API reference §9. ----

const label = (text: string): { LocalizedLabels: { Label: string; LanguageCode: number }[]; UserLocalizedLabel: { Label: string; LanguageCode: number } } => ({
  LocalizedLabels: [{ Label: text, LanguageCode: 1033 }],
  UserLocalizedLabel: { Label: text, LanguageCode: 1033 },
});
const attr = (
  type: string,
  LogicalName: string,
  AttributeType: string,
  extra: { create?: boolean; update?: boolean; read?: boolean; required?: string; of?: string } = {},
): Record<string, unknown> => ({
  '@odata.type': `#Microsoft.Dynamics.CRM.${type}AttributeMetadata`,
  LogicalName,
  AttributeType,
  AttributeOf: extra.of ?? null,
  IsValidForCreate: extra.create ?? true,
  IsValidForUpdate: extra.update ?? true,
  IsValidForRead: extra.read ?? true,
  RequiredLevel: { Value: extra.required ?? 'None', CanBeChanged: true, ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings' },
  MetadataId: '00000000-0000-0000-0000-000000000001',
});

function recordedAccount(): Record<string, unknown> {
  return {
    '@odata.context': "https://org.crm.dynamics.com/api/data/v9.2/$metadata#EntityDefinitions(LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,OwnershipType,ChangeTrackingEnabled,Attributes(LogicalName,AttributeType,AttributeOf,IsValidForCreate,IsValidForUpdate,IsValidForRead,RequiredLevel))/$entity",
    LogicalName: 'account',
    EntitySetName: 'accounts',
    PrimaryIdAttribute: 'accountid',
    PrimaryNameAttribute: 'name',
    OwnershipType: 'UserOwned',
    ChangeTrackingEnabled: true,
    MetadataId: '70816501-edb9-4740-a16c-6a5efbc05d84',
    Attributes: [
      attr('UniqueIdentifier', 'accountid', 'Uniqueidentifier', { update: false, required: 'SystemRequired' }),
      attr('String', 'name', 'String', { required: 'ApplicationRequired' }),
      attr('Money', 'revenue', 'Money'),
      attr('DateTime', 'modifiedon', 'DateTime', { create: false, update: false }),
      attr('Lookup', 'modifiedby', 'Lookup', { create: false, update: false }),
      attr('String', 'modifiedbyname', 'String', { create: false, update: false, of: 'modifiedby' }),
      attr('Lookup', 'parentaccountid', 'Lookup'),
      attr('Lookup', 'ownerid', 'Owner', { required: 'SystemRequired' }),
      attr('String', 'owneridname', 'String', { create: false, update: false, of: 'ownerid' }),
      attr('Picklist', 'customertypecode', 'Picklist'),
      attr('State', 'statecode', 'State', { create: false, required: 'SystemRequired' }),
      attr('Status', 'statuscode', 'Status'),
      attr('Boolean', 'creditonhold', 'Boolean'),
      attr('Memo', 'description', 'Memo'),
      attr('Integer', 'numberofemployees', 'Integer'),
      attr('BigInt', 'versionnumber', 'BigInt', { create: false, update: false }),
      // Not mappable: skipped without error.
      attr('Image', 'entityimage', 'Virtual'),
      attr('ManagedProperty', 'iscustomizable', 'ManagedProperty'),
    ],
  };
}

const recordedCasts: Record<string, unknown[]> = {
  String: [{ LogicalName: 'name', MaxLength: 160 }, { LogicalName: 'modifiedbyname', MaxLength: 100 }, { LogicalName: 'owneridname', MaxLength: 100 }],
  Memo: [{ LogicalName: 'description', MaxLength: 2000 }],
  Decimal: [],
  Money: [{ LogicalName: 'revenue', Precision: 2 }],
  Double: [],
  DateTime: [{ LogicalName: 'modifiedon', Format: 'DateAndTime', DateTimeBehavior: { Value: 'UserLocal' } }],
  Lookup: [
    { LogicalName: 'modifiedby', Targets: ['systemuser'] },
    { LogicalName: 'parentaccountid', Targets: ['account'] },
    { LogicalName: 'ownerid', Targets: ['systemuser', 'team'] },
  ],
  Picklist: [
    {
      LogicalName: 'customertypecode',
      OptionSet: {
        Options: [
          { Value: 3, Color: null, IsManaged: true, ExternalValue: null, ParentValues: [], Tag: null, IsHidden: false, MetadataId: null, HasChanged: null, Label: label('Customer'), Description: { LocalizedLabels: [], UserLocalizedLabel: null } },
          { Value: 1, Label: label('Competitor') },
        ],
      },
    },
  ],
  State: [
    {
      LogicalName: 'statecode',
      OptionSet: { Options: [{ Value: 0, Label: label('Active'), DefaultStatus: 1, InvariantName: 'Active' }, { Value: 1, Label: label('Inactive'), DefaultStatus: 2, InvariantName: 'Inactive' }] },
    },
  ],
  Status: [
    {
      LogicalName: 'statuscode',
      OptionSet: { Options: [{ Value: 1, Label: label('Active'), State: 0 }, { Value: 2, Label: { LocalizedLabels: [{ Label: 'Inactive', LanguageCode: 1033 }], UserLocalizedLabel: null }, State: 1 }] },
    },
  ],
};

const recordedRelationships: unknown[] = [
  { SchemaName: 'lk_accountbase_modifiedby', ReferencingAttribute: 'modifiedby', ReferencedEntity: 'systemuser', ReferencingEntityNavigationPropertyName: 'modifiedby' },
  { SchemaName: 'account_parent_account', ReferencingAttribute: 'parentaccountid', ReferencedEntity: 'account', ReferencingEntityNavigationPropertyName: 'parentaccountid' },
  // Real Dataverse relates ownerid to the abstract `owner`: one relationship serves both targets.
  { SchemaName: 'owner_accounts', ReferencingAttribute: 'ownerid', ReferencedEntity: 'owner', ReferencingEntityNavigationPropertyName: 'ownerid' },
  { SchemaName: 'business_unit_accounts', ReferencingAttribute: 'owningbusinessunit', ReferencedEntity: 'businessunit', ReferencingEntityNavigationPropertyName: 'owningbusinessunit' },
];

function recordedMetadata(): TableMetadataJson {
  return structuredClone({
    entity: recordedAccount(),
    casts: recordedCasts,
    manyToOneRelationships: recordedRelationships,
  }) as TableMetadataJson;
}

/** A fetch double serving recorded bodies by URL, recording what was asked. */
function fakeFetch(bodies: Map<string, unknown>): { fetch: FetchLike; requests: { url: string; headers: Record<string, string> }[] } {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push({ url, headers: init.headers });
    const body = bodies.get(url);
    const status = body === undefined ? 404 : 200;
    const text = JSON.stringify(body ?? { error: { code: '0x80060888', message: `Resource not found for the segment '${url}'.` } });
    return { ok: status === 200, status, json: async () => JSON.parse(text) as unknown, text: async () => text };
  };
  return { fetch, requests };
}

const root = 'https://org.crm.dynamics.com/api/data/v9.2';

function servedBodies(logicalName: string, metadata: TableMetadataJson): Map<string, unknown> {
  const bodies = new Map<string, unknown>();
  bodies.set(`${root}/${metadataUrls.entity(logicalName)}`, metadata.entity);
  for (const [cast, rows] of Object.entries(metadata.casts)) {
    bodies.set(`${root}/${metadataUrls.cast(logicalName, cast as keyof TableMetadataJson['casts'])}`, { value: rows });
  }
  bodies.set(`${root}/${metadataUrls.manyToOneRelationships(logicalName)}`, { value: metadata.manyToOneRelationships });
  return bodies;
}

describe('buildTableDefinition (metadata → definition)', () => {
  const def = buildTableDefinition(recordedMetadata());

  it('takes the table properties from EntityDefinitions', () => {
    expect(def).toMatchObject({
      name: 'account',
      logicalName: 'account',
      entitySetName: 'accounts',
      primaryIdAttribute: 'accountid',
      primaryNameAttribute: 'name',
      idField: 'accountid',
      nameField: 'name',
      ownership: 'UserOwned',
      changeTrackingEnabled: true,
      modifiedOnField: 'modifiedon',
      modifiedByField: '_modifiedby_value',
      idGenerated: false,
    });
  });

  it('keeps mappable columns, skips companions and unmappable types', () => {
    expect(Object.keys(def.fields)).toEqual([
      'accountid', 'name', 'revenue', 'modifiedon', '_modifiedby_value', '_parentaccountid_value', '_ownerid_value',
      'customertypecode', 'statecode', 'statuscode', 'creditonhold', 'description', 'numberofemployees', 'versionnumber',
    ]);
  });

  it('maps each column type with its type-specific metadata', () => {
    const f = def.fields;
    expect(f['accountid']).toEqual({
      name: 'accountid', logicalName: 'accountid', type: 'uuid', attributeType: 'Uniqueidentifier', requiredLevel: 'SystemRequired',
      validForCreate: true, validForUpdate: false, validForRead: true, nullable: false, readOnly: false,
    });
    expect(f['name']).toEqual({
      name: 'name', logicalName: 'name', type: 'string', attributeType: 'String', requiredLevel: 'ApplicationRequired',
      validForCreate: true, validForUpdate: true, validForRead: true, nullable: true, readOnly: false, maxLength: 160,
    });
    expect(f['description']).toMatchObject({ type: 'text', maxLength: 2000 });
    expect(f['revenue']).toMatchObject({ type: 'decimal', attributeType: 'Money', precision: 2 });
    expect(f['modifiedon']).toMatchObject({ type: 'datetime', readOnly: true, dateTimeFormat: 'DateAndTime', dateTimeBehavior: 'UserLocal' });
    expect(f['creditonhold']).toMatchObject({ type: 'boolean' });
    expect(f['numberofemployees']).toMatchObject({ type: 'integer' });
    expect(f['versionnumber']).toMatchObject({ type: 'bigint', readOnly: true });
  });

  it('reads lookup targets and navigation properties, including Owner through one relationship', () => {
    expect(def.fields['_parentaccountid_value']).toMatchObject({
      logicalName: 'parentaccountid', type: 'lookup', references: 'account',
      targets: [{ table: 'account', navigationProperty: 'parentaccountid' }],
    });
    expect(def.fields['_ownerid_value']).toMatchObject({ attributeType: 'Owner', requiredLevel: 'SystemRequired' });
    expect(def.fields['_ownerid_value']?.targets).toEqual([
      { table: 'systemuser', navigationProperty: 'ownerid' },
      { table: 'team', navigationProperty: 'ownerid' },
    ]);
    expect(def.fields['_ownerid_value']?.references).toBeUndefined();
  });

  it('picks per-target navigation properties of a Customer lookup', () => {
    const metadata = recordedMetadata();
    metadata.entity.Attributes!.push(attr('Lookup', 'customerid', 'Customer') as never);
    metadata.casts.Lookup.push({ LogicalName: 'customerid', Targets: ['account', 'contact'] });
    metadata.manyToOneRelationships.push(
      { SchemaName: 'x_customer_contacts', ReferencingAttribute: 'customerid', ReferencedEntity: 'contact', ReferencingEntityNavigationPropertyName: 'customerid_contact' },
      { SchemaName: 'x_customer_accounts', ReferencingAttribute: 'customerid', ReferencedEntity: 'account', ReferencingEntityNavigationPropertyName: 'customerid_account' },
    );
    expect(buildTableDefinition(metadata).fields['_customerid_value']?.targets).toEqual([
      { table: 'account', navigationProperty: 'customerid_account' },
      { table: 'contact', navigationProperty: 'customerid_contact' },
    ]);
  });

  it('reads options sorted by value, state defaults and status states, with a fallback label', () => {
    expect(def.fields['customertypecode']?.options).toEqual([
      { value: 1, label: 'Competitor' },
      { value: 3, label: 'Customer' },
    ]);
    expect(def.fields['statecode']?.options).toEqual([
      { value: 0, label: 'Active', defaultStatus: 1 },
      { value: 1, label: 'Inactive', defaultStatus: 2 },
    ]);
    expect(def.fields['statuscode']?.options).toEqual([
      { value: 1, label: 'Active', state: 0 },
      { value: 2, label: 'Inactive', state: 1 },
    ]);
  });

  describe('names what is wrong with bad metadata', () => {
    const broken = (mutate: (m: TableMetadataJson) => void): (() => DataverseTableDefinition) => {
      const metadata = recordedMetadata();
      mutate(metadata);
      return () => buildTableDefinition(metadata);
    };

    it.each<[string, (m: TableMetadataJson) => void, RegExp]>([
      ['entity set', (m) => delete m.entity.EntitySetName, /LogicalName='account'.*missing string 'EntitySetName'/],
      ['ownership', (m) => (m.entity.OwnershipType = 'TeamOwned'), /unsupported OwnershipType 'TeamOwned'/],
      ['change tracking', (m) => delete m.entity.ChangeTrackingEnabled, /ChangeTrackingEnabled/],
      ['attributes', (m) => delete m.entity.Attributes, /missing 'Attributes'/],
      ['required level', (m) => delete m.entity.Attributes![1]!.RequiredLevel, /'account.name'.*RequiredLevel.Value/],
      ['validity flag', (m) => delete m.entity.Attributes![1]!.IsValidForUpdate, /'account.name'.*IsValidForUpdate/],
      ['string length', (m) => (m.casts.String = []), /'account.name' \(String\) is missing from the StringAttributeMetadata cast/],
      ['max length value', (m) => (m.casts.String[0]!.MaxLength = null), /'account.name'.*MaxLength/],
      ['lookup targets', (m) => delete m.casts.Lookup[1]!.Targets, /'account.parentaccountid'.*Targets/],
      ['relationship', (m) => m.manyToOneRelationships.splice(1, 1), /'account.parentaccountid'.*ReferencingAttribute 'parentaccountid'/],
      ['option set', (m) => delete m.casts.Picklist[0]!.OptionSet, /'account.customertypecode'.*OptionSet.Options/],
      ['label', (m) => delete m.casts.Picklist[0]!.OptionSet!.Options![1]!.Label, /customertypecode', option 1.*Label/],
      ['default status', (m) => delete m.casts.State[0]!.OptionSet!.Options![0]!.DefaultStatus, /state 0.*DefaultStatus/],
      ['state of status', (m) => delete m.casts.Status[0]!.OptionSet!.Options![0]!.State, /status 1.*'State'/],
      ['datetime behavior', (m) => (m.casts.DateTime[0]!.DateTimeBehavior = { Value: 'Local' }), /unknown DateTimeBehavior 'Local'/],
      ['primary id', (m) => m.entity.Attributes!.splice(0, 1), /primary id 'accountid' is missing/],
    ])('missing or wrong %s', (_what, mutate, message) => {
      const build = broken(mutate);
      expect(build).toThrow(MetadataError);
      expect(build).toThrow(message);
    });
  });
});

describe('generateTableDefinition over HTTP', () => {
  it('requests the documented URLs with a bearer token, and builds the definition', async () => {
    const { fetch, requests } = fakeFetch(servedBodies('account', recordedMetadata()));
    let tokens = 0;
    const def = await generateTableDefinition(
      { serviceUrl: 'https://org.crm.dynamics.com/', getToken: async () => `token-${++tokens}`, fetch },
      'account',
    );
    expect(def).toEqual(buildTableDefinition(recordedMetadata()));
    const urls = requests.map((r) => r.url);
    expect(urls[0]).toBe(
      `${root}/EntityDefinitions(LogicalName='account')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,OwnershipType,ChangeTrackingEnabled&$expand=Attributes($select=LogicalName,AttributeType,AttributeOf,IsValidForCreate,IsValidForUpdate,IsValidForRead,RequiredLevel)`,
    );
    expect(urls).toContain(`${root}/EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options)`);
    expect(urls).toContain(`${root}/EntityDefinitions(LogicalName='account')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,Targets`);
    expect(urls).toContain(`${root}/EntityDefinitions(LogicalName='account')/ManyToOneRelationships?$select=SchemaName,ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName`);
    expect(urls).toHaveLength(12);
    expect(requests[0]!.headers).toMatchObject({ Authorization: 'Bearer token-1', Accept: 'application/json', 'OData-Version': '4.0' });
    expect(tokens).toBe(12);
  });

  it('accepts a service URL that already names the Web API root', async () => {
    const { fetch, requests } = fakeFetch(servedBodies('account', recordedMetadata()));
    await generateTableDefinition({ serviceUrl: root, getToken: async () => 't', fetch }, 'account');
    expect(requests[0]!.url.startsWith(`${root}/EntityDefinitions`)).toBe(true);
  });

  it('names an unknown table', async () => {
    const { fetch } = fakeFetch(new Map());
    const generating = generateTableDefinition({ serviceUrl: root, getToken: async () => 't', fetch }, 'acount');
    await expect(generating).rejects.toThrow(MetadataError);
    await expect(generateTableDefinition({ serviceUrl: root, getToken: async () => 't', fetch }, 'acount')).rejects.toMatchObject({
      code: 'TANDEM_TABLE_UNKNOWN',
      status: 404,
      message: expect.stringMatching(/no table 'acount'.*Resource not found/),
    });
  });

  it('names a failing request and a response without a value array', async () => {
    const bodies = servedBodies('account', recordedMetadata());
    bodies.set(`${root}/${metadataUrls.cast('account', 'Money')}`, { values: [] });
    const { fetch } = fakeFetch(bodies);
    await expect(generateTableDefinition({ serviceUrl: root, getToken: async () => 't', fetch }, 'account')).rejects.toThrow(
      /MoneyAttributeMetadata.*no 'value' array/,
    );
    const failing: FetchLike = async () => ({ ok: false, status: 401, json: async () => ({}), text: async () => '{"error":{"code":"0x80072560","message":"The user is not a member of the organization."}}' });
    await expect(generateTableDefinition({ serviceUrl: root, getToken: async () => 't', fetch: failing }, 'account')).rejects.toMatchObject({
      code: 'TANDEM_DATAVERSE_METADATA_REQUEST_FAILED',
      status: 401,
      message: expect.stringMatching(/answered 401: The user is not a member/),
    });
  });

  it('rejects a logical name that is not an identifier before sending anything', async () => {
    const { fetch, requests } = fakeFetch(new Map());
    await expect(generateTableDefinition({ serviceUrl: root, getToken: async () => 't', fetch }, "account')/x")).rejects.toThrow(/not a valid Dataverse logical name/);
    expect(requests).toHaveLength(0);
  });
});

describe('round trips through metadata', () => {
  it.each(Object.entries(dataverseTables))('%s: definition → metadata → definition is the identity', (_name, table) => {
    expect(buildTableDefinition(tableMetadataFromDefinition(table))).toEqual(table);
  });

  it('generates the shipped account over HTTP from metadata shaped like the emulator serves it', async () => {
    const { fetch } = fakeFetch(servedBodies('account', tableMetadataFromDefinition(accountTable)));
    expect(await generateTableDefinition({ serviceUrl: root, getToken: async () => 't', fetch }, 'account')).toEqual(accountTable);
  });

  it('notices a difference between metadata and definition', () => {
    const metadata = tableMetadataFromDefinition(accountTable);
    metadata.casts.String.find((row) => row.LogicalName === 'name')!.MaxLength = 100;
    expect(buildTableDefinition(metadata)).not.toEqual(accountTable);
  });
});

describe('renderTableDefinitionFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-render-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const tablesModule = resolve(import.meta.dirname, '../src/tables/index.ts');

  it('renders sibling imports by default and a package import on request', () => {
    const source = renderTableDefinitionFile(accountTable);
    expect(source).toContain(`import { column } from './column';`);
    expect(source).toContain(`export const accountTable: DataverseTableDefinition = defineTable({`);
    expect(source).toContain(`    column({ logicalName: 'name', attributeType: 'String', requiredLevel: 'ApplicationRequired', maxLength: 160 }),`);
    expect(renderTableDefinitionFile(accountTable, { importFrom: '@tandem/dataverse', exportName: 'crmAccount' })).toContain(
      `import { column, defineTable } from '@tandem/dataverse';`,
    );
    expect(() => renderTableDefinitionFile(accountTable, { exportName: 'not valid' })).toThrow(/'not valid': not an identifier/);
  });

  it.each(Object.entries(dataverseTables))('%s: the rendered file builds the same definition', async (name, table) => {
    const file = join(dir, `${name}.ts`);
    writeFileSync(file, renderTableDefinitionFile(table, { importFrom: tablesModule, exportName: 'rendered' }));
    const module = (await import(file)) as { rendered: DataverseTableDefinition };
    expect(module.rendered).toEqual(table);
  });

  it('escapes quotes in labels', async () => {
    const metadata = tableMetadataFromDefinition(accountTable);
    const options = metadata.casts.Picklist.find((row) => row.LogicalName === 'industrycode')!.OptionSet!.Options!;
    options[0]!.Label = { UserLocalizedLabel: { Label: `It's a "test" \\ line\nbreak` } };
    const edited = buildTableDefinition(metadata);
    const file = join(dir, 'escaped.ts');
    writeFileSync(file, renderTableDefinitionFile(edited, { importFrom: tablesModule, exportName: 'rendered' }));
    const module = (await import(file)) as { rendered: DataverseTableDefinition };
    expect(module.rendered.fields['industrycode']?.options?.[0]?.label).toBe(`It's a "test" \\ line\nbreak`);
  });
});
