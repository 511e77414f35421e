import { EngineErrors } from '../errors/engineErrors';
import { destinationSide, sourceSide, type SyncDirection } from '../model/Direction';
import type { FieldMapping } from '../model/FieldMapping';
import type { Row } from '../model/Row';
import type { TableMapping } from '../model/TableMapping';
import { findReferenceMapping } from '../model/validateMappings';
import { couplingIdField } from '../state/StateStore';
import { findMapping, tableOf, type SyncEnvironment } from './SyncEnvironment';
import { isEmpty } from './values';

/**
 * Foreign keys travel through couplings: a business row's reference (the id of a business row of another mapped
 * table) becomes the id of that row's coupled integration row, and back. All references of a page are resolved with
 * one query per reference field.
 */
export class ReferenceTranslator {
  readonly #resolved = new Map<FieldMapping, Map<string, string>>();
  readonly #targets = new Map<FieldMapping, TableMapping>();

  private constructor() {}

  static async forPage(
    env: SyncEnvironment,
    mapping: TableMapping,
    direction: SyncDirection,
    fields: readonly FieldMapping[],
    rows: readonly Row[],
  ): Promise<ReferenceTranslator> {
    const translator = new ReferenceTranslator();
    const from = sourceSide(direction);
    const to = destinationSide(direction);
    for (const field of fields) {
      if (!field.reference || field.constant !== undefined) continue;
      const target = field.reference.mapping
        ? findMapping(env, field.reference.mapping)
        : findReferenceMapping(field, env.mappings(), tableOf(env, mapping, 'business'), tableOf(env, mapping, 'integration'))!;
      translator.#targets.set(field, target);
      const sourceField = from === 'business' ? field.business! : field.integration!;
      const values = rows.map((row) => row.values[sourceField]).filter((v) => !isEmpty(v)).map(String);
      const couplings = values.length > 0 ? await env.state.couplingsBy(target.name, from, values) : new Map();
      const resolved = new Map<string, string>();
      for (const [id, coupling] of couplings) {
        const counterpart = coupling[couplingIdField(to)];
        if (counterpart) resolved.set(id, counterpart);
      }
      translator.#resolved.set(field, resolved);
    }
    return translator;
  }

  /** The destination value of a reference; an uncoupled one fails unless the field clears it. */
  translate(field: FieldMapping, value: unknown, fieldName: string): unknown {
    if (isEmpty(value)) return null;
    const resolved = this.#resolved.get(field)?.get(String(value));
    if (resolved !== undefined) return resolved;
    if (field.clearValueOnFailedSync) return null;
    const target = this.#targets.get(field);
    throw EngineErrors.referenceNotCoupled(fieldName, value, target?.name);
  }
}
