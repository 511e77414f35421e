import type { FieldMapping } from './FieldMapping';
import type { Filter } from './Filter';
import { findField, type TableDefinition } from './TableDefinition';
import type { TableMapping, Template } from './TableMapping';

/** Tables by name on both sides, as the host knows them. */
export interface KnownTables {
  businessTables: ReadonlyMap<string, TableDefinition>;
  integrationTables: ReadonlyMap<string, TableDefinition>;
}

function nameIn(table: TableDefinition | undefined, name: string): string {
  return (table && findField(table, name)?.name) ?? name;
}

function filterIn(table: TableDefinition | undefined, filter: Filter | undefined): Filter | undefined {
  if (!filter || !table) return filter;
  const result: Filter = {};
  for (const [key, condition] of Object.entries(filter)) {
    result[key === '$and' || key === '$or' ? key : nameIn(table, key)] =
      (key === '$and' || key === '$or') && Array.isArray(condition) ? condition.map((part) => filterIn(table, part)!) : condition;
  }
  return result;
}

function templateIn(table: TableDefinition | undefined, source: TableDefinition | undefined, template: Template): Template {
  const values = Object.fromEntries(Object.entries(template.values ?? {}).map(([key, value]) => [nameIn(table, key), value]));
  return { ...template, values, ...(template.filter ? { filter: filterIn(source, template.filter) } : {}) };
}

/**
 * The mapping with every field named as its table names it: a lookup given by its logical name (`ownerid`) becomes
 * the name rows carry (`_ownerid_value`), in field mappings, filters and templates. The engine then reads and
 * compares values under one name only. Run on validated mappings.
 */
export function withCanonicalNames(mapping: TableMapping, tables: KnownTables): TableMapping {
  const business = tables.businessTables.get(mapping.businessTable);
  const integration = tables.integrationTables.get(mapping.integrationTable);
  const field = (f: FieldMapping): FieldMapping => ({
    ...f,
    ...(f.business ? { business: nameIn(business, f.business) } : {}),
    ...(f.integration ? { integration: nameIn(integration, f.integration) } : {}),
  });
  return {
    ...mapping,
    fields: mapping.fields.map(field),
    businessFilter: filterIn(business, mapping.businessFilter),
    integrationFilter: filterIn(integration, mapping.integrationFilter),
    templates: {
      business: mapping.templates.business.map((t) => templateIn(business, integration, t)),
      integration: mapping.templates.integration.map((t) => templateIn(integration, business, t)),
    },
  };
}
