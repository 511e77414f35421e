import type { Direction, SyncDirection } from './Direction';

/** One step of a transformation: a rule name and its arguments. */
export interface TransformStep {
  rule: string;
  [argument: string]: unknown;
}

/**
 * Pairs one business field with one integration field (BC's Integration Field Mapping). Either side may be left out
 * when `constant` gives the value to write to the other side.
 */
export interface FieldMapping {
  /** The business field; leave out with a `constant` to write a fixed value to the integration side. */
  business?: string;
  /** The integration field; leave out with a `constant` to write a fixed value to the business side. */
  integration?: string;
  /** Which way this field flows; defaults to the mapping's direction. */
  direction?: Direction;
  /** A fixed value written to the destination instead of a source field. */
  constant?: unknown;
  /** Transformation steps applied to the source value, in order (built-in or plugin rules). */
  transform?: TransformStep[];
  /** For a bidirectional field, the direction its transform applies in (required then). */
  transformDirection?: SyncDirection;
  /**
   * A foreign key that travels through couplings: the business value is the id of a business row, the integration
   * value the id of its coupled integration row. `mapping` names the mapping of the referenced tables (found from the
   * table definitions when left out).
   */
  reference?: { mapping?: string };
  /** An option field: values translate through the option mappings of this option set. */
  optionSet?: string;
  /** An uncoupled reference writes an empty value instead of failing the record. */
  clearValueOnFailedSync?: boolean;
  /**
   * An option value with no option mapping fails the record. By default it is written empty and recorded in the
   * missing-option register for manual handling later (the seed's rule).
   */
  failOnMissingOption?: boolean;
  /** Never overwrite the destination with an empty value (BC's Not Null, used for owners). */
  notNull?: boolean;
  /** Use this field for match-based coupling; lower priority groups are tried first. */
  match?: { priority?: number; caseSensitive?: boolean };
  /** A disabled field mapping is ignored. */
  enabled?: boolean;
}

/** A short label for messages: `business.name ↔ integration.name`. */
export function fieldLabel(field: FieldMapping): string {
  return `${field.business ?? '(constant)'} ↔ ${field.integration ?? '(constant)'}`;
}
