import type { TableMapping } from '../model/TableMapping';
import type { SyncedValues } from './Coupling';

/**
 * The compact stored form of a coupling's merge base (`syncedValues`, the values both sides had when last in step).
 * Lossless: decoding gives back exactly the values that were encoded, so change detection and the three-way merge
 * see what they saw with the plain form. Three savings, together about half of the plain JSON:
 * - a field is keyed by a 3-character tag derived from its name (`~name` where two fields of one side would share a
 *   tag), not by its name;
 * - an integration value that is exactly the business value of its field mapping (the common case after a sync) is
 *   not stored again: `=` lists the pairs, integration tag then business tag;
 * - empty values are left out, as in the plain form.
 *
 * `{ "b": { tag: value }, "i": { tag: value }, "=": "iiibbb…" }`. Rows written in the plain form
 * (`{ "business": …, "integration": … }`) are read as they are.
 */
export interface CompactMergeBase {
  b: Record<string, unknown>;
  i: Record<string, unknown>;
  '=': string;
}

const TAG_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const FULL_NAME = '~';

/** 18 bits of FNV-1a of the field name, as 3 characters. */
function tagOf(name: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return TAG_ALPHABET[hash & 63]! + TAG_ALPHABET[(hash >>> 6) & 63]! + TAG_ALPHABET[(hash >>> 12) & 63]!;
}

/** How one side's field names are keyed: by tag, or by `~name` when two names of the side share a tag. */
class SideKeys {
  readonly #keyOf = new Map<string, string>();
  readonly #nameOf = new Map<string, string>();

  constructor(names: Iterable<string>) {
    const byTag = new Map<string, string[]>();
    for (const name of new Set(names)) byTag.set(tagOf(name), [...(byTag.get(tagOf(name)) ?? []), name]);
    for (const [tag, sharing] of byTag) {
      for (const name of sharing) {
        const key = sharing.length === 1 ? tag : FULL_NAME + name;
        this.#keyOf.set(name, key);
        this.#nameOf.set(key, name);
      }
    }
  }

  key(name: string): string {
    return this.#keyOf.get(name) ?? FULL_NAME + name;
  }

  /** The field a key stands for; a tag no field of the mapping has any more (a field removed since) gives undefined. */
  name(key: string): string | undefined {
    return key.startsWith(FULL_NAME) ? key.slice(1) : this.#nameOf.get(key);
  }
}

/** The keys of a mapping's fields on both sides, and which business field each integration field is paired with. */
class MappingKeys {
  readonly business: SideKeys;
  readonly integration: SideKeys;
  /** integration field → business field, for field mappings that have both (the first one, if several). */
  readonly pairs = new Map<string, string>();

  constructor(mapping: TableMapping) {
    const business: string[] = [];
    const integration: string[] = [];
    for (const field of mapping.fields) {
      if (field.business) business.push(field.business);
      if (field.integration) integration.push(field.integration);
      if (field.business && field.integration && field.constant === undefined && !this.pairs.has(field.integration)) {
        this.pairs.set(field.integration, field.business);
      }
    }
    this.business = new SideKeys(business);
    this.integration = new SideKeys(integration);
  }
}

const keysByMapping = new WeakMap<TableMapping, MappingKeys>();

function keysOf(mapping: TableMapping): MappingKeys {
  let keys = keysByMapping.get(mapping);
  if (!keys) keysByMapping.set(mapping, (keys = new MappingKeys(mapping)));
  return keys;
}

/** Both values are stored alike: same JSON type and value (the base holds only JSON values). */
function sameStored(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && JSON.stringify(a) === JSON.stringify(b);
}

export function encodeMergeBase(mapping: TableMapping, values: SyncedValues): CompactMergeBase {
  const keys = keysOf(mapping);
  const encoded: CompactMergeBase = { b: {}, i: {}, '=': '' };
  for (const [name, value] of Object.entries(values.business)) encoded.b[keys.business.key(name)] = value;
  for (const [name, value] of Object.entries(values.integration)) {
    const paired = keys.pairs.get(name);
    const integrationKey = keys.integration.key(name);
    const businessKey = paired === undefined ? undefined : keys.business.key(paired);
    // Only fixed-width tags can be listed in `=`; a field keyed by its name keeps its value.
    if (paired !== undefined && integrationKey.length === 3 && businessKey!.length === 3 && paired in values.business && sameStored(value, values.business[paired])) {
      encoded['='] += integrationKey + businessKey;
    } else {
      encoded.i[integrationKey] = value;
    }
  }
  return encoded;
}

export function isCompactMergeBase(stored: unknown): stored is CompactMergeBase {
  return typeof stored === 'object' && stored !== null && 'b' in stored && 'i' in stored;
}

export function decodeMergeBase(mapping: TableMapping, stored: CompactMergeBase): SyncedValues {
  const keys = keysOf(mapping);
  const values: SyncedValues = { business: {}, integration: {} };
  const business = new Map<string, unknown>();
  for (const [key, value] of Object.entries(stored.b)) {
    business.set(key, value);
    const name = keys.business.name(key);
    if (name !== undefined) values.business[name] = value;
  }
  for (const [key, value] of Object.entries(stored.i)) {
    const name = keys.integration.name(key);
    if (name !== undefined) values.integration[name] = value;
  }
  const same = stored['='] ?? '';
  for (let at = 0; at + 6 <= same.length; at += 6) {
    const name = keys.integration.name(same.slice(at, at + 3));
    const businessKey = same.slice(at + 3, at + 6);
    if (name !== undefined && business.has(businessKey)) values.integration[name] = business.get(businessKey);
  }
  return values;
}
