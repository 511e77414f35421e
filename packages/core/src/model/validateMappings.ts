import { MappingValidationError } from '../errors/TandemError';
import { allows, passesOf, type SyncDirection } from './Direction';
import { fieldLabel, type FieldMapping } from './FieldMapping';
import { filterProblems } from './Filter';
import type { TableDefinition } from './TableDefinition';
import type { TableMapping } from './TableMapping';
import { findCycle } from './dependencies';

/** What validation needs to know about the world the mappings live in. */
export interface ValidationContext {
  businessTables: ReadonlyMap<string, TableDefinition>;
  integrationTables: ReadonlyMap<string, TableDefinition>;
  transformationRules: ReadonlySet<string>;
}

const DIRECTIONS = new Set(['toIntegration', 'fromIntegration', 'bidirectional']);
const UPDATE_RESOLUTIONS = new Set(['none', 'sendUpdateToIntegration', 'getUpdateFromIntegration']);
const DELETION_RESOLUTIONS = new Set(['none', 'restoreRecords', 'removeCoupling']);

/**
 * Checks every mapping against the tables and each other and throws one `MappingValidationError` listing every
 * problem found: unknown tables and fields, directions a field cannot take, duplicate names, unknown or circular
 * `dependsOn`, unknown transformation rules, malformed filters and templates.
 */
export function validateMappings(mappings: readonly TableMapping[], context: ValidationContext): void {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const mapping of mappings) {
    if (names.has(mapping.name)) problems.push(`mapping "${mapping.name}" is defined more than once`);
    names.add(mapping.name);
  }
  for (const mapping of mappings) problems.push(...mappingProblems(mapping, mappings, context));
  problems.push(...dependencyProblems(mappings));
  if (problems.length > 0) throw new MappingValidationError(problems);
}

function mappingProblems(mapping: TableMapping, all: readonly TableMapping[], context: ValidationContext): string[] {
  const problems: string[] = [];
  const at = `mapping "${mapping.name}"`;
  if (!mapping.name || typeof mapping.name !== 'string') problems.push(`a mapping has no name`);
  if (!DIRECTIONS.has(mapping.direction)) problems.push(`${at}: unknown direction "${mapping.direction}"`);
  if (!UPDATE_RESOLUTIONS.has(mapping.updateConflictResolution)) {
    problems.push(`${at}: unknown updateConflictResolution "${mapping.updateConflictResolution}"`);
  }
  if (!DELETION_RESOLUTIONS.has(mapping.deletionConflictResolution)) {
    problems.push(`${at}: unknown deletionConflictResolution "${mapping.deletionConflictResolution}"`);
  }
  if (!Number.isInteger(mapping.pageSize) || mapping.pageSize < 1) problems.push(`${at}: pageSize must be a positive integer`);
  if (!Number.isFinite(mapping.overlapMs) || mapping.overlapMs < 0) problems.push(`${at}: overlapMs must be zero or more`);

  const business = context.businessTables.get(mapping.businessTable);
  const integration = context.integrationTables.get(mapping.integrationTable);
  if (!business) problems.push(`${at}: unknown business table "${mapping.businessTable}"`);
  if (!integration) problems.push(`${at}: unknown integration table "${mapping.integrationTable}"`);
  if (mapping.businessFilter && business) problems.push(...filterProblems(mapping.businessFilter, business, `${at} businessFilter`));
  if (mapping.integrationFilter && integration) {
    problems.push(...filterProblems(mapping.integrationFilter, integration, `${at} integrationFilter`));
  }
  if (!Array.isArray(mapping.fields) || mapping.fields.length === 0) problems.push(`${at}: has no field mappings`);
  else {
    mapping.fields.forEach((field, index) =>
      problems.push(...fieldProblems(field, `${at} field #${index + 1} (${fieldLabel(field)})`, mapping, all, business, integration, context)),
    );
    const usable = passesOf(mapping.direction).some((d) => mapping.fields.some((f) => f.enabled !== false && allows(f.direction ?? mapping.direction, d)));
    if (!usable) problems.push(`${at}: no enabled field mapping can run in direction ${mapping.direction}`);
  }
  for (const side of ['business', 'integration'] as const) {
    const table = side === 'business' ? business : integration;
    for (const template of mapping.templates[side]) {
      if (!table) continue;
      for (const field of Object.keys(template.values ?? {})) {
        if (!table.fields[field]) problems.push(`${at} ${side} template "${template.name}": unknown field "${field}"`);
      }
      const sourceTable = side === 'business' ? integration : business;
      if (template.filter && sourceTable) problems.push(...filterProblems(template.filter, sourceTable, `${at} ${side} template "${template.name}" filter`));
    }
  }
  return problems;
}

function fieldProblems(
  field: FieldMapping,
  at: string,
  mapping: TableMapping,
  all: readonly TableMapping[],
  business: TableDefinition | undefined,
  integration: TableDefinition | undefined,
  context: ValidationContext,
): string[] {
  const problems: string[] = [];
  const direction = field.direction ?? mapping.direction;
  if (!DIRECTIONS.has(direction)) return [`${at}: unknown direction "${direction}"`];
  const hasConstant = field.constant !== undefined;
  if (!field.business && !field.integration) return [`${at}: names neither a business nor an integration field`];
  if (!hasConstant && (!field.business || !field.integration)) {
    problems.push(`${at}: needs both a business and an integration field, or a constant for the one side`);
  }
  if (hasConstant && field.business && field.integration) {
    problems.push(`${at}: a constant is written to one side only; name just the destination field`);
  }
  const businessField = field.business ? business?.fields[field.business] : undefined;
  const integrationField = field.integration ? integration?.fields[field.integration] : undefined;
  if (field.business && business && !businessField) problems.push(`${at}: unknown business field "${field.business}" in table "${business.name}"`);
  if (field.integration && integration && !integrationField) {
    problems.push(`${at}: unknown integration field "${field.integration}" in table "${integration.name}"`);
  }
  if (!passesOf(mapping.direction).some((d) => allows(direction, d))) {
    problems.push(`${at}: direction ${direction} cannot run in a ${mapping.direction} mapping`);
  }
  // A pass writes the destination field; it must exist on that side and be writable.
  const writes = (d: SyncDirection) => allows(direction, d) && allows(mapping.direction, d);
  if (hasConstant && field.integration && writes('fromIntegration') && !writes('toIntegration')) {
    problems.push(`${at}: a constant for the integration side needs direction toIntegration`);
  }
  if (hasConstant && field.business && writes('toIntegration') && !writes('fromIntegration')) {
    problems.push(`${at}: a constant for the business side needs direction fromIntegration`);
  }
  if (writes('toIntegration') && integrationField?.readOnly) {
    problems.push(`${at}: integration field "${field.integration}" is read-only, so direction ${direction} cannot write it`);
  }
  if (writes('fromIntegration') && businessField?.readOnly) {
    problems.push(`${at}: business field "${field.business}" is read-only, so direction ${direction} cannot write it`);
  }
  for (const step of field.transform ?? []) {
    if (!step || typeof step.rule !== 'string') problems.push(`${at}: a transform step has no rule name`);
    else if (!context.transformationRules.has(step.rule)) problems.push(`${at}: unknown transformation rule "${step.rule}"`);
  }
  if (field.transform?.length && direction === 'bidirectional' && !field.transformDirection) {
    problems.push(`${at}: a bidirectional field with a transform needs transformDirection`);
  }
  if (field.reference) {
    if (field.reference.mapping) {
      if (!all.some((m) => m.name === field.reference!.mapping)) problems.push(`${at}: reference names unknown mapping "${field.reference.mapping}"`);
    } else if (!findReferenceMapping(field, all, business, integration)) {
      problems.push(`${at}: cannot tell which mapping couples the referenced tables; set reference.mapping`);
    }
  }
  if (field.match && (!field.business || !field.integration)) problems.push(`${at}: a match field needs both sides`);
  if (field.clearValueOnFailedSync && field.notNull) problems.push(`${at}: clearValueOnFailedSync and notNull exclude each other`);
  return problems;
}

/** The mapping that couples the tables a reference field points at, from the table definitions. */
export function findReferenceMapping(
  field: FieldMapping,
  all: readonly TableMapping[],
  business: TableDefinition | undefined,
  integration: TableDefinition | undefined,
): TableMapping | undefined {
  if (field.reference?.mapping) return all.find((m) => m.name === field.reference!.mapping);
  const businessTarget = field.business ? business?.fields[field.business]?.references : undefined;
  const integrationTarget = field.integration ? integration?.fields[field.integration]?.references : undefined;
  const candidates = all.filter(
    (m) => (!businessTarget || m.businessTable === businessTarget) && (!integrationTarget || m.integrationTable === integrationTarget),
  );
  return (businessTarget || integrationTarget) && candidates.length === 1 ? candidates[0] : undefined;
}

function dependencyProblems(mappings: readonly TableMapping[]): string[] {
  const problems: string[] = [];
  const byName = new Map(mappings.map((m) => [m.name, m]));
  for (const mapping of mappings) {
    for (const dependency of mapping.dependsOn) {
      if (!byName.has(dependency)) problems.push(`mapping "${mapping.name}" depends on unknown mapping "${dependency}"`);
    }
  }
  const cycle = findCycle(mappings.map((m) => ({ name: m.name, dependsOn: m.dependsOn.filter((d) => byName.has(d)) })));
  if (cycle) problems.push(`mappings depend on each other in a circle: ${cycle.join(' → ')}`);
  return problems;
}
