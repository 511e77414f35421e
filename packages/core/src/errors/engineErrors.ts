import type { Side, SyncDirection } from '../model/Direction';
import { ErrorCodes, TandemError } from './TandemError';

/**
 * Message factories for the errors the engine raises, next to their codes (Fastify's catalogue style): each message
 * says what is wrong and, where there is one, what to do about it.
 */
export const EngineErrors = {
  mappingNotFound: (name: string, known: readonly string[]) =>
    new TandemError(ErrorCodes.MAPPING_NOT_FOUND, `unknown mapping "${name}"; known: ${known.join(', ') || 'none'}`),

  mappingDisabled: (name: string) =>
    new TandemError(ErrorCodes.MAPPING_DISABLED, `mapping "${name}" is disabled; enable it with host.mappings.setEnabled('${name}', true)`),

  noMappingForTable: (side: Side, table: string) =>
    new TandemError(ErrorCodes.MAPPING_NOT_FOUND, `no mapping uses ${side} table "${table}"`),

  mappingNotResolved: (side: Side, table: string, candidates: readonly string[], picked?: string) =>
    new TandemError(
      ErrorCodes.MAPPING_NOT_FOUND,
      `${candidates.length} mappings use ${side} table "${table}" (${candidates.join(', ')}); tap onResolveMapping to pick one` +
        (picked ? ` — "${picked}" is not among them` : ''),
    ),

  leaseNotHeld: (mapping: string, leaseMapping: string) =>
    new TandemError(
      ErrorCodes.LEASE_NOT_HELD,
      leaseMapping === mapping
        ? `the lease passed for "${mapping}" is not held by this host (its hold has ended, or it never was); pass a lease only inside the work of leases.hold, or pass none to take the lease`
        : `the lease passed for "${mapping}" is the lease of "${leaseMapping}"; pass the lease of "${mapping}" from leases.hold, or none`,
    ),

  tableUnknown: (side: Side, table: string) => new TandemError(ErrorCodes.TABLE_UNKNOWN, `unknown ${side} table "${table}"`),

  directionNotConfigured: (mapping: string, direction: SyncDirection) =>
    new TandemError(ErrorCodes.CONFIG_INVALID, `mapping "${mapping}" is not configured for ${direction} synchronization`),

  noMatchFields: (mapping: string) =>
    new TandemError(ErrorCodes.CONFIG_INVALID, `mapping "${mapping}" has no match fields; set "match" on the field mappings to couple by`),

  recordNotFound: (table: string, id: string) => new TandemError(ErrorCodes.RECORD_NOT_FOUND, `${table} ${id} does not exist`),

  notCoupled: (side: Side, id: string, mapping: string) =>
    new TandemError(ErrorCodes.COUPLING_INVALID, `${side} record ${id} of mapping "${mapping}" is not coupled`),

  alreadyCoupled: (table: string, id: string, other: string) =>
    new TandemError(
      ErrorCodes.COUPLING_INVALID,
      `${table} ${id} is already coupled to ${other}; uncouple it first, or couple ${other}'s counterpart instead`,
      { errorClass: 'conflict' },
    ),

  couplingVetoed: (reason: string) => new TandemError(ErrorCodes.COUPLING_INVALID, `coupling was vetoed: ${reason}`),

  uncouplingVetoed: (reason: string) => new TandemError(ErrorCodes.COUPLING_INVALID, `uncoupling was vetoed: ${reason}`),

  ambiguousMatch: (count: number, table: string, fields: readonly string[]) =>
    new TandemError(
      ErrorCodes.AMBIGUOUS_MATCH,
      `${count} ${table} rows match on ${fields.join(', ')}; couple the record by hand or make the match fields unique`,
      { errorClass: 'validation' },
    ),

  claimedTwice: (table: string, id: string, sourceIds: readonly string[]) =>
    new TandemError(
      ErrorCodes.AMBIGUOUS_MATCH,
      `${table} ${id} is the counterpart found for ${sourceIds.length} records (${sourceIds.join(', ')}); couple one by hand`,
      { errorClass: 'validation' },
    ),

  noMatch: (table: string) =>
    new TandemError(ErrorCodes.NO_MATCH, `no uncoupled ${table} row matches, and createNewOnNoMatch is off; couple the record by hand or turn createNewOnNoMatch on`, {
      errorClass: 'validation',
    }),

  updateConflict: (fields: readonly string[], table: string, id: string) =>
    new TandemError(
      ErrorCodes.UPDATE_CONFLICT,
      `update conflict: ${fields.map((f) => `"${f}"`).join(', ')} changed on both sides since the last synchronization ` +
        `(${table} ${id}); set updateConflictResolution or decide in onUpdateConflict`,
      { errorClass: 'conflict' },
    ),

  deletionConflict: (table: string, id: string) =>
    new TandemError(
      ErrorCodes.DELETION_CONFLICT,
      `the record cannot be updated because it is coupled to a deleted ${table} row (${id}); ` +
        `set deletionConflictResolution or decide in onDeletionConflict`,
      { errorClass: 'conflict' },
    ),

  referenceNotCoupled: (field: string, value: unknown, mapping: string | undefined) =>
    new TandemError(
      ErrorCodes.REFERENCE_NOT_COUPLED,
      `field "${field}": the referenced record ${JSON.stringify(value)} is not coupled (mapping "${mapping}"); couple it or synchronize "${mapping}" first`,
      { errorClass: 'validation' },
    ),

  optionNotMapped: (field: string, side: Side, value: unknown, optionSet: string) =>
    new TandemError(
      ErrorCodes.OPTION_NOT_MAPPED,
      `field "${field}": the ${side} value ${JSON.stringify(value)} has no counterpart in option set "${optionSet}"; ` +
        `add an option mapping for it, or turn failOnMissingOption off to write the field empty`,
      { errorClass: 'validation' },
    ),

  transformFailed: (field: string | undefined, cause: unknown) =>
    new TandemError(ErrorCodes.TRANSFORM_FAILED, `field "${field}": transformation failed: ${cause instanceof Error ? cause.message : String(cause)}`, {
      errorClass: 'validation',
      cause,
    }),

  noWriteResult: (store: string) => new TandemError(ErrorCodes.WRITE_FAILED, `${store} returned no result for the write`),
} as const;
