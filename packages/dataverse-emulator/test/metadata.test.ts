import { dataverseTables, generateTableDefinition } from '@tandem/dataverse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUID, startTestEmulator, type TestEmulator } from './helpers';

describe('EntityDefinitions', () => {
  let t: TestEmulator;
  const entity = "EntityDefinitions(LogicalName='account')";

  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('answers the table query with the selected properties and MetadataId', async () => {
    const { status, body } = await t.json(
      `${entity}?$select=LogicalName,SchemaName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,ObjectTypeCode,OwnershipType,ChangeTrackingEnabled,IsOptimisticConcurrencyEnabled`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      '@odata.context': expect.stringContaining('$metadata#EntityDefinitions('),
      LogicalName: 'account',
      SchemaName: 'Account',
      EntitySetName: 'accounts',
      PrimaryIdAttribute: 'accountid',
      PrimaryNameAttribute: 'name',
      ObjectTypeCode: 1,
      OwnershipType: 'UserOwned',
      ChangeTrackingEnabled: true,
      IsOptimisticConcurrencyEnabled: true,
      MetadataId: expect.stringMatching(GUID),
    });
    const byId = await t.json(`EntityDefinitions(${body.MetadataId})?$select=LogicalName`);
    expect(byId.body.LogicalName).toBe('account');
  });

  it('expands Attributes with the common properties and their @odata.type', async () => {
    const { body } = await t.json(
      `${entity}?$select=LogicalName&$expand=Attributes($select=LogicalName,AttributeType,AttributeTypeName,AttributeOf,IsPrimaryId,IsPrimaryName,IsValidForCreate,IsValidForUpdate,IsValidForRead,RequiredLevel)`,
    );
    const byName = Object.fromEntries(body.Attributes.map((a: { LogicalName: string }) => [a.LogicalName, a]));
    expect(byName['name']).toEqual({
      '@odata.type': '#Microsoft.Dynamics.CRM.StringAttributeMetadata',
      LogicalName: 'name',
      AttributeType: 'String',
      AttributeTypeName: { Value: 'StringType' },
      AttributeOf: null,
      IsPrimaryId: false,
      IsPrimaryName: true,
      IsValidForCreate: true,
      IsValidForUpdate: true,
      IsValidForRead: true,
      RequiredLevel: { Value: 'ApplicationRequired', CanBeChanged: false, ManagedPropertyLogicalName: 'canmodifyrequirementlevelsettings' },
      MetadataId: expect.stringMatching(GUID),
    });
    expect(byName['accountid'].IsPrimaryId).toBe(true);
    expect(byName['parentaccountid']['@odata.type']).toBe('#Microsoft.Dynamics.CRM.LookupAttributeMetadata');
    expect(byName['createdon']).toMatchObject({ IsValidForCreate: false, IsValidForUpdate: false });
    expect(body.Attributes).toHaveLength(Object.keys(dataverseTables['account']!.fields).length);
  });

  it('serves type-specific properties only through cast segments', async () => {
    const strings = await t.json(`${entity}/Attributes/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=LogicalName,MaxLength,FormatName`);
    expect(strings.body.value.find((a: { LogicalName: string }) => a.LogicalName === 'name')).toMatchObject({ MaxLength: 160, FormatName: { Value: 'Text' } });
    expect(strings.body.value.every((a: { MaxLength: number }) => typeof a.MaxLength === 'number')).toBe(true);
    const generic = await t.json(`${entity}?$expand=Attributes($select=LogicalName,MaxLength)`);
    expect(generic.status).toBe(400);
    expect(generic.body.error.message).toBe("Could not find a property named 'MaxLength' on type 'Microsoft.Dynamics.CRM.AttributeMetadata'.");
    const money = await t.json(`${entity}/Attributes/Microsoft.Dynamics.CRM.MoneyAttributeMetadata?$select=LogicalName,Precision,PrecisionSource`);
    expect(money.body.value.find((a: { LogicalName: string }) => a.LogicalName === 'revenue')).toMatchObject({ Precision: 2, PrecisionSource: 2 });
    const dates = await t.json(`EntityDefinitions(LogicalName='product')/Attributes/Microsoft.Dynamics.CRM.DateTimeAttributeMetadata?$select=LogicalName,Format,DateTimeBehavior`);
    const validFrom = dataverseTables['product']!.fields['validfromdate']!;
    expect(dates.body.value.find((a: { LogicalName: string }) => a.LogicalName === 'validfromdate')).toEqual({
      LogicalName: 'validfromdate',
      Format: validFrom.dateTimeFormat,
      DateTimeBehavior: { Value: validFrom.dateTimeBehavior },
      MetadataId: expect.stringMatching(GUID),
    });
    expect((await t.json(`${entity}/Attributes/Microsoft.Dynamics.CRM.EnumAttributeMetadata`)).status).toBe(400);
    expect((await t.json(`${entity}/Attributes/Microsoft.Dynamics.CRM.NoSuchAttributeMetadata`)).status).toBe(404);
  });

  it('answers the picklist, state, status and lookup cast queries the table generator sends', async () => {
    const picklists = await t.json(`${entity}/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options),GlobalOptionSet($select=Options)`);
    expect(picklists.status).toBe(200);
    const customerType = picklists.body.value.find((a: { LogicalName: string }) => a.LogicalName === 'customertypecode');
    expect(customerType.GlobalOptionSet).toBeNull();
    expect(customerType.OptionSet.Options).toHaveLength(12);
    expect(customerType.OptionSet.Options[0]).toMatchObject({ Value: 1, Label: { UserLocalizedLabel: { Label: 'Competitor', LanguageCode: 1033 } } });
    const states = await t.json(`EntityDefinitions(LogicalName='salesorder')/Attributes/Microsoft.Dynamics.CRM.StateAttributeMetadata?$select=LogicalName&$expand=OptionSet`);
    expect(states.body.value[0].OptionSet.Options.map((o: { Value: number; DefaultStatus: number; InvariantName: string }) => [o.Value, o.DefaultStatus, o.InvariantName])).toEqual([
      [0, 1, 'Active'],
      [1, 3, 'Submitted'],
      [2, 4, 'Canceled'],
      [3, 100001, 'Fulfilled'],
      [4, 100003, 'Invoiced'],
    ]);
    const statuses = await t.json(`EntityDefinitions(LogicalName='salesorder')/Attributes/Microsoft.Dynamics.CRM.StatusAttributeMetadata?$select=LogicalName&$expand=OptionSet($select=Options)`);
    expect(statuses.body.value[0].OptionSet.Options.find((o: { Value: number }) => o.Value === 100002).State).toBe(3);
    const lookups = await t.json(`EntityDefinitions(LogicalName='salesorder')/Attributes/Microsoft.Dynamics.CRM.LookupAttributeMetadata?$select=LogicalName,Targets`);
    const byName = Object.fromEntries(lookups.body.value.map((a: { LogicalName: string; Targets: string[] }) => [a.LogicalName, a.Targets]));
    expect(byName['customerid']).toEqual(['account', 'contact']);
    expect(byName['ownerid']).toEqual(['systemuser', 'team']);
    const booleans = await t.json(`${entity}/Attributes/Microsoft.Dynamics.CRM.BooleanAttributeMetadata?$select=LogicalName&$expand=OptionSet`);
    expect(booleans.body.value[0].OptionSet).toMatchObject({ TrueOption: { Value: 1 }, FalseOption: { Value: 0 } });
  });

  it('maps lookups to navigation properties through ManyToOneRelationships', async () => {
    const { body } = await t.json(
      "EntityDefinitions(LogicalName='contact')/ManyToOneRelationships?$select=SchemaName,ReferencingAttribute,ReferencedEntity,ReferencingEntityNavigationPropertyName",
    );
    const parent = body.value.filter((r: { ReferencingAttribute: string }) => r.ReferencingAttribute === 'parentcustomerid');
    expect(parent.map((r: { ReferencedEntity: string; ReferencingEntityNavigationPropertyName: string }) => [r.ReferencedEntity, r.ReferencingEntityNavigationPropertyName])).toEqual([
      ['account', 'parentcustomerid_account'],
      ['contact', 'parentcustomerid_contact'],
    ]);
    const oneToMany = await t.json(`${entity}/OneToManyRelationships?$select=ReferencingEntity,ReferencingAttribute`);
    expect(oneToMany.body.value).toContainEqual(expect.objectContaining({ ReferencingEntity: 'contact', ReferencingAttribute: 'parentcustomerid' }));
    expect((await t.json(`${entity}/Keys`)).body.value).toEqual([]);
  });

  it('filters metadata, including enum literals and complex-value paths', async () => {
    const picklists = await t.json(`${entity}/Attributes?$select=LogicalName&$filter=AttributeType eq Microsoft.Dynamics.CRM.AttributeTypeCode'Picklist'`);
    expect(picklists.body.value.map((a: { LogicalName: string }) => a.LogicalName)).toContain('industrycode');
    expect(picklists.body.value.every((a: { '@odata.type': string }) => a['@odata.type'] === '#Microsoft.Dynamics.CRM.PicklistAttributeMetadata')).toBe(true);
    const required = await t.json(`${entity}/Attributes?$select=LogicalName&$filter=RequiredLevel/Value eq Microsoft.Dynamics.CRM.AttributeRequiredLevel'ApplicationRequired'`);
    expect(required.body.value.map((a: { LogicalName: string }) => a.LogicalName)).toEqual(['name']);
    const tracked = await t.json('EntityDefinitions?$select=LogicalName&$filter=ChangeTrackingEnabled eq true');
    expect(tracked.body.value.length).toBe(Object.keys(dataverseTables).length);
    const one = await t.json(`${entity}/Attributes(LogicalName='emailaddress1')?$select=LogicalName,AttributeType`);
    expect(one.body).toMatchObject({ LogicalName: 'emailaddress1', AttributeType: 'String' });
    const cast = await t.json(`${entity}/Attributes(LogicalName='emailaddress1')/Microsoft.Dynamics.CRM.StringAttributeMetadata?$select=MaxLength`);
    expect(cast.body.MaxLength).toBe(100);
  });

  it('answers 404 for a table it does not have', async () => {
    const { status, body } = await t.json("EntityDefinitions(LogicalName='nosuchtable')?$select=LogicalName");
    expect(status).toBe(404);
    expect(body.error.code).toBe('0x80040217');
  });

  // Round trip: a definition generated from the emulator's metadata equals the shipped one, for every table.
  it.each(Object.keys(dataverseTables))('round-trips the %s definition through the table generator', async (logicalName) => {
    const generated = await generateTableDefinition({ serviceUrl: t.emulator.url, getToken: async () => t.token }, logicalName);
    expect(generated).toEqual(dataverseTables[logicalName]);
  });
});
