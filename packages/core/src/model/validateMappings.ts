import { MappingValidationError } from '../errors/TandemError';
import { builtInRuleChecks, type TransformationRuleCheck } from '../transform/TransformationRule';
import { didYouMean } from '../util/closestName';
import { allows, passesOf, SYNC_DIRECTIONS, type SyncDirection } from './Direction';
import { fieldLabel, type FieldMapping } from './FieldMapping';
import { filterProblems, type Filter } from './Filter';
import {
  FIELD_MAPPING_KEYS, MATCH_KEYS, REFERENCE_KEYS, SCHEDULE_KEYS, TABLE_MAPPING_KEYS, TEMPLATE_KEYS, TEMPLATES_KEYS,
  unknownKeyProblems,
} from './knownKeys';
import { optionSetProblems, type KnownOptionMapping } from './optionSetProblems';
import { findField, type TableDefinition } from './TableDefinition';
import type { TableMapping } from './TableMapping';
import { findCycle } from './dependencies';
import { fieldsEnabledProblems } from './fieldsEnabled';

/** What validation needs to know about the world the mappings live in. */
export interface ValidationContext {
  businessTables: ReadonlyMap<string, TableDefinition>;
  integrationTables: ReadonlyMap<string, TableDefinition>;
  transformationRules: ReadonlySet<string>;
  /** Argument checks by rule name; the built-in rules' checks apply when a rule has none here. */
  ruleChecks?: ReadonlyMap<string, TransformationRuleCheck>;
  /** Every option mapping known (registered or stored); a field's `optionSet` must have some. None when left out. */
  optionMappings?: readonly KnownOptionMapping[];
  /**
   * What a side's store cannot translate in a filter (`TableStore.checkFilter`); asked for the mapping filters that
   * are otherwise valid.
   */
  checkFilter?: (side: 'business' | 'integration', table: string, filter: Filter) => string[];
}

const DIRECTIONS = new Set(['toIntegration', 'fromIntegration', 'bidirectional']);
const UPDATE_RESOLUTIONS = new Set(['none', 'sendUpdateToIntegration', 'getUpdateFromIntegration']);
const DELETION_RESOLUTIONS = new Set(['none', 'restoreRecords', 'removeCoupling']);

/**
 * Checks every mapping against the tables and each other and throws one `MappingValidationError` listing every
 * problem found: unknown keys (with the closest known one), unknown tables and fields, directions a field cannot
 * take, two fields writing one destination field, duplicate names, unknown or circular `dependsOn`, unknown
 * transformation rules and bad rule arguments, undefined option sets and option values the column does not have,
 * malformed filters and templates.
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
  problems.push(...unknownKeyProblems(mapping, TABLE_MAPPING_KEYS, at));
  problems.push(...unknownKeyProblems(mapping.schedule, SCHEDULE_KEYS, `${at} schedule`));
  problems.push(...unknownKeyProblems(mapping.templates, TEMPLATES_KEYS, `${at} templates`));
  for (const key of SCHEDULE_KEYS) {
    const value = mapping.schedule?.[key];
    if (!Number.isInteger(value) || value < 1) problems.push(`${at} schedule: ${key} must be a positive whole number of seconds, not ${JSON.stringify(value)}`);
  }
  if (!DIRECTIONS.has(mapping.direction)) problems.push(`${at}: unknown direction "${mapping.direction}"${didYouMean(String(mapping.direction), [...DIRECTIONS])}`);
  if (!UPDATE_RESOLUTIONS.has(mapping.updateConflictResolution)) {
    problems.push(`${at}: unknown updateConflictResolution "${mapping.updateConflictResolution}"`);
  }
  if (!DELETION_RESOLUTIONS.has(mapping.deletionConflictResolution)) {
    problems.push(`${at}: unknown deletionConflictResolution "${mapping.deletionConflictResolution}"`);
  }
  if (!Number.isInteger(mapping.pageSize) || mapping.pageSize < 1) problems.push(`${at}: pageSize must be a positive integer`);
  if (!Number.isFinite(mapping.overlapMs) || mapping.overlapMs < 0) problems.push(`${at}: overlapMs must be zero or more`);
  if (mapping.overlapPages !== undefined && typeof mapping.overlapPages !== 'boolean') problems.push(`${at}: overlapPages must be true or false`);

  const business = context.businessTables.get(mapping.businessTable);
  const integration = context.integrationTables.get(mapping.integrationTable);
  if (!business) problems.push(`${at}: unknown business table "${mapping.businessTable}"`);
  if (!integration) problems.push(`${at}: unknown integration table "${mapping.integrationTable}"`);
  for (const side of ['business', 'integration'] as const) {
    const filter = side === 'business' ? mapping.businessFilter : mapping.integrationFilter;
    const table = side === 'business' ? business : integration;
    if (!filter || !table) continue;
    const found = filterProblems(filter, table, `${at} ${side}Filter`);
    if (found.length === 0 && context.checkFilter) {
      for (const problem of context.checkFilter(side, table.name, filter)) found.push(`${at} ${side}Filter: ${problem}`);
    }
    problems.push(...found);
  }
  if (!Array.isArray(mapping.fields) || mapping.fields.length === 0) problems.push(`${at}: has no field mappings`);
  else {
    mapping.fields.forEach((field, index) =>
      problems.push(...fieldProblems(field, `${at} field #${index + 1} (${fieldLabel(field)})`, mapping, all, business, integration, context)),
    );
    problems.push(...duplicateDestinationProblems(mapping, business, integration));
    problems.push(...fieldsEnabledProblems(mapping, at));
    const usable = passesOf(mapping.direction).some((d) => mapping.fields.some((f) => f.enabled !== false && allows(f.direction ?? mapping.direction, d)));
    if (!usable) problems.push(`${at}: no enabled field mapping can run in direction ${mapping.direction}`);
  }
  for (const side of ['business', 'integration'] as const) {
    const table = side === 'business' ? business : integration;
    for (const template of mapping.templates[side] ?? []) {
      problems.push(...unknownKeyProblems(template, TEMPLATE_KEYS, `${at} ${side} template "${template.name}"`));
      if (!table) continue;
      for (const field of Object.keys(template.values ?? {})) {
        if (!findField(table, field)) problems.push(`${at} ${side} template "${template.name}": unknown field "${field}"${didYouMean(field, Object.keys(table.fields))}`);
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
  const problems: string[] = unknownKeyProblems(field, FIELD_MAPPING_KEYS, at);
  if (field.match) problems.push(...unknownKeyProblems(field.match, MATCH_KEYS, `${at} match`));
  if (field.reference) problems.push(...unknownKeyProblems(field.reference, REFERENCE_KEYS, `${at} reference`));
  const direction = field.direction ?? mapping.direction;
  if (!DIRECTIONS.has(direction)) return [...problems, `${at}: unknown direction "${direction}"${didYouMean(String(direction), [...DIRECTIONS])}`];
  if (field.transformDirection !== undefined && !SYNC_DIRECTIONS.includes(field.transformDirection)) {
    problems.push(`${at}: unknown transformDirection "${field.transformDirection}"; use toIntegration or fromIntegration`);
  }
  const hasConstant = field.constant !== undefined;
  if (!field.business && !field.integration) return [...problems, `${at}: names neither a business nor an integration field`];
  if (!hasConstant && (!field.business || !field.integration)) {
    problems.push(`${at}: needs both a business and an integration field, or a constant for the one side`);
  }
  if (hasConstant && field.business && field.integration) {
    problems.push(`${at}: a constant is written to one side only; name just the destination field`);
  }
  const businessField = field.business && business ? findField(business, field.business) : undefined;
  const integrationField = field.integration && integration ? findField(integration, field.integration) : undefined;
  if (field.business && business && !businessField) {
    problems.push(`${at}: unknown business field "${field.business}" in table "${business.name}"${didYouMean(field.business, Object.keys(business.fields))}`);
  }
  if (field.integration && integration && !integrationField) {
    problems.push(`${at}: unknown integration field "${field.integration}" in table "${integration.name}"${didYouMean(field.integration, Object.keys(integration.fields))}`);
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
  problems.push(...transformProblems(field, at, context));
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
  problems.push(...optionSetProblems(field, at, integration, context.optionMappings ?? []));
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
  const businessTarget = field.business && business ? findField(business, field.business)?.references : undefined;
  const integrationTarget = field.integration && integration ? findField(integration, field.integration)?.references : undefined;
  const candidates = all.filter(
    (m) => (!businessTarget || m.businessTable === businessTarget) && (!integrationTarget || m.integrationTable === integrationTarget),
  );
  return (businessTarget || integrationTarget) && candidates.length === 1 ? candidates[0] : undefined;
}

/** Each transform step: a known rule, and arguments its check accepts (a bad regular expression, a missing `find`). */
function transformProblems(field: FieldMapping, at: string, context: ValidationContext): string[] {
  if (field.transform === undefined) return [];
  if (!Array.isArray(field.transform)) return [`${at}: transform must be a list of steps like { rule: 'trim' }`];
  const problems: string[] = [];
  field.transform.forEach((step, index) => {
    const where = `${at} transform step #${index + 1}`;
    if (!step || typeof step.rule !== 'string') {
      problems.push(`${where}: has no rule name`);
      return;
    }
    if (!context.transformationRules.has(step.rule)) {
      problems.push(`${at}: unknown transformation rule "${step.rule}"${didYouMean(step.rule, context.transformationRules)}`);
      return;
    }
    const check = context.ruleChecks?.get(step.rule) ?? (Object.hasOwn(builtInRuleChecks, step.rule) ? builtInRuleChecks[step.rule] : undefined);
    let found: string[];
    try {
      found = check ? check(step) : [];
    } catch (error) {
      found = [`its argument check threw: ${error instanceof Error ? error.message : String(error)}`];
    }
    for (const problem of found) problems.push(`${where} (${step.rule}): ${problem}`);
  });
  return problems;
}

/** Two enabled field mappings writing the same destination field in one pass: the later would silently win. */
function duplicateDestinationProblems(mapping: TableMapping, business: TableDefinition | undefined, integration: TableDefinition | undefined): string[] {
  const problems: string[] = [];
  for (const direction of passesOf(mapping.direction)) {
    const side = direction === 'toIntegration' ? 'integration' : 'business';
    const table = side === 'integration' ? integration : business;
    const writers = new Map<string, number[]>();
    mapping.fields.forEach((field, index) => {
      if (!field || field.enabled === false || !DIRECTIONS.has(field.direction ?? mapping.direction)) return;
      if (!allows(field.direction ?? mapping.direction, direction)) return;
      const destination = field[side];
      const source = field[side === 'integration' ? 'business' : 'integration'];
      if (!destination || (field.constant === undefined && !source)) return;
      const name = (table && findField(table, destination)?.name) ?? destination;
      writers.set(name, [...(writers.get(name) ?? []), index + 1]);
    });
    for (const [name, fields] of writers) {
      if (fields.length < 2) continue;
      problems.push(
        `mapping "${mapping.name}": fields ${fields.map((n) => `#${n}`).join(' and ')} ${fields.length === 2 ? 'both' : 'all'} write ${side} field "${name}" in direction ${direction}; keep one, disable the others (enabled: false) or give them another direction`,
      );
    }
  }
  return problems;
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
