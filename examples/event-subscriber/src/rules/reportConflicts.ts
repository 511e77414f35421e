import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EVERY_MAPPING, SyncStage, type SyncHooks } from '@tandem/core';

/** One line of the conflict report (JSON Lines). */
export interface ConflictReportLine {
  at: string;
  mapping: string;
  /** The pass that found it: `toIntegration` means the ERP record was about to be written to the CRM. */
  direction: string;
  sourceId: string;
  destinationId: string;
  /** Per conflicting destination field: the source's value and the destination's. */
  fields: { field: string; source: unknown; destination: unknown }[];
}

/**
 * Every update conflict, of every mapping, as one JSON line in a file: which fields both sides changed, and to what.
 * The tap only observes (it returns nothing), so the mapping's `updateConflictResolution` still decides.
 */
export function reportConflicts(hooks: SyncHooks, tap: string, file: string): void {
  hooks.onUpdateConflict.for(EVERY_MAPPING).tap({ name: tap, stage: SyncStage.OBSERVE }, (ctx) => {
    const [from, to] = ctx.direction === 'toIntegration' ? (['business', 'integration'] as const) : (['integration', 'business'] as const);
    const line: ConflictReportLine = {
      at: new Date().toISOString(),
      mapping: ctx.mapping.name,
      direction: ctx.direction,
      sourceId: String(ctx.source.id),
      destinationId: String(ctx.destination.id),
      fields: ctx.fields.map((field) => {
        const sourceField = ctx.mapping.fields.find((f) => f[to] === field)?.[from];
        return { field, source: sourceField ? ctx.source.values[sourceField] : undefined, destination: ctx.destination.values[field] };
      }),
    };
    mkdirSync(dirname(file), { recursive: true });
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    return undefined;
  });
}
