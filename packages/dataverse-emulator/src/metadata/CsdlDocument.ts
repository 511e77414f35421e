import type { EntityCatalog, EntityModel } from './EntityModel';
import { edmTypeOf } from '../storage/ValueCodec';

const PRINCIPALS = new Set(['systemuser', 'team']);

/**
 * The CSDL `$metadata` document (reference §9): one `EntityType` per served table (key, properties, lookups as
 * `_x_value` plus a `NavigationProperty` with its `ReferentialConstraint`), stub types for tables that lookups point
 * at but that are not served, the `WhoAmI` function, and the `System` entity container. `annotations` adds
 * `Org.OData.Core.V1.Computed` on read-only properties.
 */
export function buildCsdlDocument(catalog: EntityCatalog, annotations: boolean): string {
  const lines: string[] = [];
  const out = (text: string): void => {
    lines.push(text);
  };
  out('<?xml version="1.0" encoding="utf-8"?>');
  out('<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">');
  reference(out, 'http://vocabularies.odata.org/OData.Community.Keys.V1.xml', 'OData.Community.Keys.V1', 'Keys');
  reference(out, 'http://vocabularies.odata.org/OData.Community.Display.V1.xml', 'OData.Community.Display.V1', 'Display');
  out('  <edmx:Reference Uri="http://docs.oasis-open.org/odata/odata/v4.0/os/vocabularies/Org.OData.Core.V1.xml">');
  out('    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" />');
  out('  </edmx:Reference>');
  out('  <edmx:DataServices>');
  out('    <Schema Namespace="Microsoft.Dynamics.CRM" Alias="mscrm" xmlns="http://docs.oasis-open.org/odata/ns/edm">');
  out('      <EntityType Name="crmbaseentity" Abstract="true" />');
  out('      <EntityType Name="principal" BaseType="mscrm.crmbaseentity" Abstract="true">');
  out('        <Key><PropertyRef Name="ownerid" /></Key>');
  out('        <Property Name="ownerid" Type="Edm.Guid" />');
  out('      </EntityType>');
  const served = new Set(catalog.models.map((model) => model.logicalName));
  for (const model of catalog.models) entityType(out, model, annotations, catalog);
  const stubs = new Set<string>();
  for (const model of catalog.models) {
    for (const column of model.columns) for (const target of column.targets ?? []) if (!served.has(target.table)) stubs.add(target.table);
  }
  for (const stub of [...stubs].sort()) {
    if (PRINCIPALS.has(stub)) out(`      <EntityType Name="${stub}" BaseType="mscrm.principal" />`);
    else {
      out(`      <EntityType Name="${stub}" BaseType="mscrm.crmbaseentity">`);
      out(`        <Key><PropertyRef Name="${stub}id" /></Key>`);
      out(`        <Property Name="${stub}id" Type="Edm.Guid" />`);
      out('      </EntityType>');
    }
  }
  out('      <ComplexType Name="WhoAmIResponse">');
  for (const name of ['BusinessUnitId', 'UserId', 'OrganizationId']) out(`        <Property Name="${name}" Type="Edm.Guid" Nullable="false" />`);
  out('      </ComplexType>');
  out('      <Function Name="WhoAmI">');
  out('        <ReturnType Type="mscrm.WhoAmIResponse" Nullable="false" />');
  out('      </Function>');
  out('      <EntityContainer Name="System">');
  for (const model of catalog.models) {
    out(`        <EntitySet Name="${model.entitySetName}" EntityType="Microsoft.Dynamics.CRM.${model.logicalName}">`);
    for (const [name, navigation] of model.navigation) {
      for (const target of navigation.targets) {
        const set = catalog.entitySetOf(target);
        if (set && served.has(target)) out(`          <NavigationPropertyBinding Path="${name}" Target="${set}" />`);
      }
    }
    if (model.definition.changeTrackingEnabled && annotations) {
      out('          <Annotation Term="Org.OData.Capabilities.V1.ChangeTracking"><Record><PropertyValue Property="Supported" Bool="true" /></Record></Annotation>');
    }
    out('        </EntitySet>');
  }
  out('        <FunctionImport Name="WhoAmI" Function="Microsoft.Dynamics.CRM.WhoAmI" />');
  out('      </EntityContainer>');
  out('    </Schema>');
  out('  </edmx:DataServices>');
  out('</edmx:Edmx>');
  return lines.join('\n');
}

function reference(out: (text: string) => void, uri: string, namespace: string, alias: string): void {
  out(`  <edmx:Reference Uri="${uri}">`);
  out(`    <edmx:Include Namespace="${namespace}" Alias="${alias}" />`);
  out(`    <edmx:IncludeAnnotations TermNamespace="${namespace}" />`);
  out('  </edmx:Reference>');
}

function entityType(out: (text: string) => void, model: EntityModel, annotations: boolean, catalog: EntityCatalog): void {
  const principal = PRINCIPALS.has(model.logicalName);
  out(`      <EntityType Name="${model.logicalName}" BaseType="mscrm.${principal ? 'principal' : 'crmbaseentity'}">`);
  if (!principal) out(`        <Key><PropertyRef Name="${model.primaryId}" /></Key>`);
  for (const column of model.columns) {
    if (!column.validForRead) continue;
    const facets = edmTypeOf(column) === 'Edm.String' ? ' Unicode="false"' : '';
    if (annotations && column.readOnly) {
      out(`        <Property Name="${column.name}" Type="${edmTypeOf(column)}"${facets}>`);
      out('          <Annotation Term="Org.OData.Core.V1.Computed" Bool="true" />');
      out('        </Property>');
    } else {
      out(`        <Property Name="${column.name}" Type="${edmTypeOf(column)}"${facets} />`);
    }
  }
  // Polymorphic lookups have one navigation property per target (`customerid_account`); Owner has one, to `principal`.
  for (const [name, navigation] of model.navigation) {
    const targetTable = navigation.column.attributeType === 'Owner' ? 'principal' : navigation.targets[0]!;
    const referenced =
      targetTable === 'principal' ? 'ownerid' : (catalog.findByLogicalName(targetTable)?.primaryId ?? `${targetTable}id`);
    out(`        <NavigationProperty Name="${name}" Type="mscrm.${targetTable}" Nullable="false">`);
    out(`          <ReferentialConstraint Property="${navigation.column.name}" ReferencedProperty="${referenced}" />`);
    out('        </NavigationProperty>');
  }
  out('      </EntityType>');
}
