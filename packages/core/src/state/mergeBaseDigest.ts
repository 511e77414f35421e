import type { TableMapping } from '../model/TableMapping';
import type { FieldType } from '../model/TableDefinition';
import { decimalText } from '../engine/decimalText';
import { isEmpty, jsonText, valuesEqual, wellFormedText } from '../engine/values';
import type { SyncedValues } from './Coupling';

/**
 * The stored form of a coupling's merge base (`syncedValues`): a 30-bit digest of each field's value instead of the
 * value. The engine only ever asks the base "is this value still the one last in step?" (change detection on an equal
 * stamp, the per-field three-way merge), which a digest answers; the values themselves are in the rows. It takes
 * ≈ 140 bytes for the bench's `CUSTOMER` mapping, where the values took ≈ 495 (see the README, "Stored form of the
 * merge base").
 *
 * `["<business entries>|<integration entries>"]`, an entry being a 2-character tag of the field name and 5 digest
 * characters; an integration field whose digest equals its paired business field's is not listed (an integration
 * field paired with a non-empty business field but empty itself is listed with `EMPTY`). Empty values are left out.
 * Fields of one side sharing a tag are keyed by name in a second element: `[…, { "b": { name: digest }, "i": … }]`.
 */
export type DigestMergeBase = [string] | [string, { b: Record<string, string>; i: Record<string, string> }];

/** A field's value in a decoded digest base: compare a value with `sameAsBase`. */
export class BaseDigest {
  constructor(readonly digest: string) {}

  toJSON(): string {
    return `#${this.digest}`;
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const TAG_LENGTH = 2;
const DIGEST_LENGTH = 5;
const ENTRY_LENGTH = TAG_LENGTH + DIGEST_LENGTH;
const EMPTY = '.....';

/**
 * The text a value is digested as, so that values `valuesEqual` finds equal mostly digest alike: a number or a
 * numeric text as its canonical decimal text (`'7000.00'` as `7000`), a date as its ISO text (what `mappedValues`
 * keeps), other text as it is stored, anything else as JSON.
 */
function canonical(value: unknown): string {
  if (value instanceof Date) return `s${value.toISOString()}`;
  const decimal = decimalText(value);
  if (decimal !== undefined) return `n${decimal}`;
  if (typeof value === 'string') return `s${wellFormedText(value)}`;
  if (typeof value === 'boolean') return `s${String(value)}`;
  return `j${jsonText(value)}`;
}

/** cyrb53 (a fast 53-bit string hash): its low 30 bits as 5 characters. */
export function digestOf(value: unknown): string {
  if (value instanceof BaseDigest) return value.digest;
  const text = canonical(value);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  let out = '';
  for (let i = 0; i < DIGEST_LENGTH; i++) out += ALPHABET[(h1 >>> (i * 6)) & 63];
  return out;
}

/**
 * Whether `value` is the one the base holds for a field: by digest for a digest base, by `valuesEqual` for a base
 * that holds values (couplings written before digests). An absent base entry means empty.
 */
export function sameAsBase(value: unknown, base: unknown, type?: FieldType): boolean {
  if (!(base instanceof BaseDigest)) return valuesEqual(value, base, type);
  return !isEmpty(value) && digestOf(value) === base.digest;
}

function tagOf(name: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193) >>> 0;
  return ALPHABET[hash & 63]! + ALPHABET[(hash >>> 6) & 63]!;
}

/** One side's fields by tag; names of the side that share a tag are keyed by name instead. */
class SideTags {
  readonly tag = new Map<string, string>();
  readonly name = new Map<string, string>();

  constructor(names: Iterable<string>) {
    const byTag = new Map<string, string[]>();
    for (const name of new Set(names)) byTag.set(tagOf(name), [...(byTag.get(tagOf(name)) ?? []), name]);
    for (const [tag, sharing] of byTag) {
      if (sharing.length !== 1) continue;
      this.tag.set(sharing[0]!, tag);
      this.name.set(tag, sharing[0]!);
    }
  }
}

class MappingTags {
  readonly business: SideTags;
  readonly integration: SideTags;
  /** integration field → its business field, for field mappings with both (the first one, if several). */
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
    this.business = new SideTags(business);
    this.integration = new SideTags(integration);
  }
}

const tagsByMapping = new WeakMap<TableMapping, MappingTags>();

function tagsOf(mapping: TableMapping): MappingTags {
  let tags = tagsByMapping.get(mapping);
  if (!tags) tagsByMapping.set(mapping, (tags = new MappingTags(mapping)));
  return tags;
}

export function isDigestMergeBase(stored: unknown): stored is DigestMergeBase {
  return Array.isArray(stored) && typeof stored[0] === 'string';
}

export function encodeDigestBase(mapping: TableMapping, values: SyncedValues): DigestMergeBase {
  const tags = tagsOf(mapping);
  const named: { b: Record<string, string>; i: Record<string, string> } = { b: {}, i: {} };
  const business = new Map<string, string>();
  let text = '';
  for (const [name, value] of Object.entries(values.business)) {
    if (isEmpty(value)) continue;
    const digest = digestOf(value);
    business.set(name, digest);
    const tag = tags.business.tag.get(name);
    if (tag === undefined) named.b[name] = digest;
    else text += tag + digest;
  }
  text += '|';
  const put = (name: string, digest: string) => {
    const tag = tags.integration.tag.get(name);
    if (tag === undefined) named.i[name] = digest;
    else text += tag + digest;
  };
  for (const [name, value] of Object.entries(values.integration)) {
    if (isEmpty(value)) continue;
    const digest = digestOf(value);
    const paired = tags.pairs.get(name);
    if (paired === undefined || business.get(paired) !== digest || !tags.integration.tag.has(name)) put(name, digest);
  }
  // A paired field that is empty while its business field is not: listed, or it would read as the business value.
  for (const [name, paired] of tags.pairs) {
    if (business.has(paired) && isEmpty(values.integration[name]) && tags.integration.tag.has(name)) put(name, EMPTY);
  }
  const hasNamed = Object.keys(named.b).length > 0 || Object.keys(named.i).length > 0;
  return hasNamed ? [text, named] : [text];
}

export function decodeDigestBase(mapping: TableMapping, stored: DigestMergeBase): SyncedValues {
  const tags = tagsOf(mapping);
  const values: SyncedValues = { business: {}, integration: {} };
  const [text, named] = stored;
  const bar = text.indexOf('|');
  const entries = function* (from: number, to: number) {
    for (let at = from; at + ENTRY_LENGTH <= to; at += ENTRY_LENGTH) yield [text.slice(at, at + TAG_LENGTH), text.slice(at + TAG_LENGTH, at + ENTRY_LENGTH)] as const;
  };
  for (const [tag, digest] of entries(0, bar)) {
    const name = tags.business.name.get(tag);
    if (name !== undefined) values.business[name] = new BaseDigest(digest);
  }
  for (const [name, digest] of Object.entries(named?.b ?? {})) values.business[name] = new BaseDigest(digest);
  const listed = new Set<string>();
  const setIntegration = (name: string, digest: string) => {
    listed.add(name);
    if (digest !== EMPTY) values.integration[name] = new BaseDigest(digest);
  };
  for (const [tag, digest] of entries(bar + 1, text.length)) {
    const name = tags.integration.name.get(tag);
    if (name !== undefined) setIntegration(name, digest);
  }
  for (const [name, digest] of Object.entries(named?.i ?? {})) setIntegration(name, digest);
  for (const [name, paired] of tags.pairs) {
    const base = values.business[paired];
    if (!listed.has(name) && base !== undefined && tags.integration.tag.has(name)) values.integration[name] = base;
  }
  return values;
}
