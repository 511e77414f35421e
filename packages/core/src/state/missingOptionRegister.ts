import type { EntityManager } from '@mikro-orm/core';
import { batchInsert } from './batchInsert';
import type { MissingOptionValue } from './OptionMapping';

/**
 * Adds a page's sightings of option values with no counterpart to the register: one row per option set, side, value,
 * mapping and field. A page's sightings are folded first (a statement may not touch a row twice), then added to the
 * row's `occurrences`; the row keeps its first sighting and takes the last record and time. Runs in `em`'s transaction.
 */
export async function writeMissingOptions(em: EntityManager, sightings: readonly Omit<MissingOptionValue, 'id'>[]): Promise<void> {
  const folded = new Map<string, Omit<MissingOptionValue, 'id'>>();
  for (const m of sightings) {
    const key = `${m.optionSet}\u0000${m.side}\u0000${m.value}\u0000${m.mapping}\u0000${m.field}`;
    const seen = folded.get(key);
    if (!seen) folded.set(key, { ...m });
    else {
      // A page has thousands of sightings of a few values: the row is updated in place, not copied per sighting.
      seen.occurrences += m.occurrences;
      seen.recordId = m.recordId;
      seen.lastSeenAt = m.lastSeenAt;
    }
  }
  await batchInsert(em, 'MissingOptionValue', [...folded.values()].map((m) => ({
    optionSet: m.optionSet, side: m.side, value: m.value, mapping: m.mapping, field: m.field, recordId: m.recordId,
    occurrences: m.occurrences, firstSeenAt: m.firstSeenAt, lastSeenAt: m.lastSeenAt,
  })), { target: ['optionSet', 'side', 'value', 'mapping', 'field'], update: ['recordId', 'lastSeenAt'], add: ['occurrences'] });
}
