import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import type { ColumnSpec } from '../tables/column';
import { columnSpecOf } from './columnSpecOf';

export interface RenderOptions {
  /**
   * Module to import `defineTable`, `column` and the type from. Default: the sibling files of `src/tables/` (for a
   * definition shipped in this package); a plugin passes `'@tandem/dataverse'`.
   */
  importFrom?: string;
  /** Name of the exported constant. Default `<logicalName>Table`. */
  exportName?: string;
}

/**
 * TypeScript source of a table-definition file: one `defineTable` call with one `column({...})` per column, so the
 * file builds exactly the definition it was rendered from.
 */
export function renderTableDefinitionFile(def: DataverseTableDefinition, options: RenderOptions = {}): string {
  const exportName = options.exportName ?? `${def.logicalName}Table`;
  if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) throw new Error(`Cannot export a table definition as '${exportName}': not an identifier`);
  const imports =
    options.importFrom === undefined
      ? [
          `import type { DataverseTableDefinition } from './DataverseTableDefinition';`,
          `import { column } from './column';`,
          `import { defineTable } from './defineTable';`,
        ]
      : [
          `import type { DataverseTableDefinition } from ${quote(options.importFrom)};`,
          `import { column, defineTable } from ${quote(options.importFrom)};`,
        ];
  const lines = [
    `// Generated from the Dataverse metadata of '${def.logicalName}' by the Tandem table generator.`,
    '// Re-generate rather than edit, or copy into a hand-written definition.',
    ...imports,
    '',
    `export const ${exportName}: DataverseTableDefinition = defineTable({`,
    `  logicalName: ${quote(def.logicalName)},`,
    `  entitySetName: ${quote(def.entitySetName)},`,
    `  primaryIdAttribute: ${quote(def.primaryIdAttribute)},`,
    `  primaryNameAttribute: ${quote(def.primaryNameAttribute)},`,
    `  ownership: ${quote(def.ownership)},`,
    `  changeTrackingEnabled: ${String(def.changeTrackingEnabled)},`,
    '  columns: [',
    ...Object.values(def.fields).map((col) => `    ${renderColumn(columnSpecOf(col))},`),
    '  ],',
    '});',
    '',
  ];
  return lines.join('\n');
}

function renderColumn(spec: ColumnSpec): string {
  const parts = [`logicalName: ${quote(spec.logicalName)}`, `attributeType: ${quote(spec.attributeType)}`];
  if (spec.requiredLevel !== undefined) parts.push(`requiredLevel: ${quote(spec.requiredLevel)}`);
  for (const flag of ['validForCreate', 'validForUpdate', 'validForRead'] as const) {
    if (spec[flag] !== undefined) parts.push(`${flag}: ${String(spec[flag])}`);
  }
  if (spec.maxLength !== undefined) parts.push(`maxLength: ${spec.maxLength}`);
  if (spec.precision !== undefined) parts.push(`precision: ${spec.precision}`);
  if (spec.dateTimeFormat !== undefined) parts.push(`dateTimeFormat: ${quote(spec.dateTimeFormat)}`);
  if (spec.dateTimeBehavior !== undefined) parts.push(`dateTimeBehavior: ${quote(spec.dateTimeBehavior)}`);
  if (spec.targets !== undefined) {
    const targets = spec.targets.map((t) => `{ table: ${quote(t.table)}, navigationProperty: ${quote(t.navigationProperty)} }`);
    parts.push(`targets: [${targets.join(', ')}]`);
  }
  if (spec.options === undefined) return `column({ ${parts.join(', ')} })`;
  const options = spec.options.map((o) => {
    const extra = o.defaultStatus !== undefined ? `, defaultStatus: ${o.defaultStatus}` : o.state !== undefined ? `, state: ${o.state}` : '';
    return `        { value: ${o.value}, label: ${quote(o.label)}${extra} },`;
  });
  return [`column({`, `      ${parts.join(', ')},`, `      options: [`, ...options, `      ],`, `    })`].join('\n');
}

/** A single-quoted TypeScript string literal. */
function quote(text: string): string {
  const escaped = JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'");
  return `'${escaped}'`;
}
