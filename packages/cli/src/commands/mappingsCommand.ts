import type { Host } from '@tandem/core';
import { table, type Output } from '../Output';

/** `tandem mappings [--json]`: the mappings in force, in dependency order. */
export function mappingsCommand(host: Host, options: { json?: boolean }, output: Output): void {
  const mappings = host.mappings.all().map((m) => ({
    name: m.name, plugin: m.plugin ?? null, businessTable: m.businessTable, integrationTable: m.integrationTable,
    direction: m.direction, enabled: m.enabled, dependsOn: m.dependsOn, schedule: m.schedule,
  }));
  if (options.json) return output.json(mappings);
  output.line(
    table(
      ['MAPPING', 'TABLES', 'DIRECTION', 'STATE', 'DEPENDS ON', 'PLUGIN'],
      mappings.map((m) => [m.name, `${m.businessTable} ⇄ ${m.integrationTable}`, m.direction, m.enabled ? 'enabled' : 'disabled', m.dependsOn.join(', ') || '-', m.plugin ?? '-']),
    ),
  );
}
