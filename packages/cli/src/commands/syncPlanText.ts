import type { PassPlan, PlannedRecord } from '@tandem/core';

const SHOWN_FIELDS = 6;

/** A dry run's plan as lines: per pass, the counts, then one line per record that would change, fail or conflict. */
export function syncPlanLines(plans: readonly PassPlan[]): string[] {
  const lines: string[] = [];
  for (const plan of plans) {
    const c = plan.counters;
    lines.push(
      `${plan.mapping} ${plan.direction}${plan.full ? ' (full)' : ''}: would insert ${c.inserted}, modify ${c.modified}, couple ${c.coupled}, ` +
        `uncouple ${c.uncoupled}; ${c.unchanged} unchanged, ${c.skipped} skipped, ${c.conflicts} in conflict, ${c.failed} failing`,
    );
    for (const record of plan.records.filter((r) => r.action !== 'unchanged' && r.action !== 'skip')) lines.push(`  ${recordLine(record)}`);
  }
  // Each pass sees the data as it is now: records that need what an earlier pass would create show as failing.
  const creates = plans.findIndex((p) => p.counters.inserted + p.counters.coupled > 0);
  if (creates >= 0 && plans.slice(creates + 1).some((p) => p.counters.failed > 0)) {
    lines.push('note: each pass is planned against the data as it is now; records that need what an earlier pass would insert or couple show as failing');
  }
  const conflicts = plans.reduce((sum, p) => sum + p.counters.conflicts, 0);
  lines.push(`dry run: ${plans.length} pass(es) planned, ${conflicts} conflict(s); nothing was written`);
  return lines;
}

function recordLine(record: PlannedRecord): string {
  const arrow = record.destinationId ? ` → ${record.destinationId}` : record.action === 'insert' ? ' → (new)' : '';
  const tags = [record.coupled ? 'couple' : '', record.conflict ? `${record.conflict} conflict` : ''].filter(Boolean);
  const fields = record.fields && record.fields.length > 0
    ? ` fields: ${record.fields.slice(0, SHOWN_FIELDS).join(', ')}${record.fields.length > SHOWN_FIELDS ? `, … (${record.fields.length})` : ''}`
    : '';
  const error = record.error ? ` — ${record.error.code ? `${record.error.code}: ` : ''}${record.error.message}` : '';
  return `${record.action.padEnd(8)} ${record.sourceId}${arrow}${tags.length > 0 ? ` [${tags.join(', ')}]` : ''}${fields}${error}`;
}
