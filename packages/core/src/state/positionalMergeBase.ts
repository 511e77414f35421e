import { createHash } from 'node:crypto';
import type { TableMapping } from '../model/TableMapping';
import { ErrorCodes } from '../errors/ErrorCodes';
import { TandemError } from '../errors/TandemError';
import type { SyncedValues } from './Coupling';

/**
 * The fields a positional merge base is written against: a mapping's business and integration fields in mapping
 * order, and for each integration field the index of the business field it is paired with (-1 for none).
 */
export interface MergeBaseFields {
  business: string[];
  integration: string[];
  pairs: number[];
}

/** A layout's fields with lookups built once. */
export class MergeBaseLayout {
  readonly fields: MergeBaseFields;
  /** The JSON text stored in `tandem_merge_base_layout.fields`: the identity of the layout. */
  readonly text: string;
  /** The SHA-256 of `text`: the row's unique key. */
  readonly key: string;
  /** Each business field's slot, each integration field's slot (after the business ones). */
  readonly slotOf: { business: Map<string, number>; integration: Map<string, number> };

  constructor(fields: MergeBaseFields) {
    this.fields = fields;
    this.slotOf = { business: new Map(fields.business.map((name, at) => [name, at])), integration: new Map(fields.integration.map((name, at) => [name, fields.business.length + at])) };
    this.text = JSON.stringify({ b: fields.business, i: fields.integration, p: fields.pairs });
    this.key = createHash('sha256').update(this.text).digest('hex');
  }

  static parse(text: string): MergeBaseLayout {
    const parsed = JSON.parse(text) as { b: string[]; i: string[]; p: number[] };
    return new MergeBaseLayout({ business: parsed.b, integration: parsed.i, pairs: parsed.p });
  }
}

const layoutsByMapping = new WeakMap<TableMapping, MergeBaseLayout>();

/** The layout of a mapping's current fields (a field named twice on one side counts once, at its first place). */
export function layoutOf(mapping: TableMapping): MergeBaseLayout {
  let layout = layoutsByMapping.get(mapping);
  if (layout) return layout;
  const business: string[] = [];
  const integration: string[] = [];
  const pairs: number[] = [];
  for (const field of mapping.fields) {
    if (field.business && !business.includes(field.business)) business.push(field.business);
    if (field.integration && !integration.includes(field.integration)) {
      integration.push(field.integration);
      pairs.push(-1);
    }
    const at = field.integration ? integration.indexOf(field.integration) : -1;
    if (field.business && at >= 0 && pairs[at] === -1 && field.constant === undefined) pairs[at] = business.indexOf(field.business);
  }
  layoutsByMapping.set(mapping, (layout = new MergeBaseLayout({ business, integration, pairs })));
  return layout;
}

/**
 * What each slot (business fields, then integration fields) holds; two bits per slot, three slots per character of
 * the mask. Absent is a field the base does not have (an empty value, left out by the engine).
 */
const ABSENT = 0;
const STORED = 1;
/** An integration value equal (same JSON type and value) to the business value it is paired with: not stored again. */
const SAME = 2;
/** A lower-case canonical GUID (lookups, ids): stored as its 16 bytes in base64url, 22 characters instead of 36. */
const GUID = 3;

const MASK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Character code → its 6-bit value in `MASK_ALPHABET` (base64url), -1 for other characters. */
const SIX_BITS = new Int8Array(128).fill(-1);
for (let value = 0; value < 64; value++) SIX_BITS[MASK_ALPHABET.charCodeAt(value)] = value;
const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** 16 bytes in base64url: 21 characters of 6 bits and one of the last 2 bits (low 4 bits zero). */
const PACKED_GUID = /^[A-Za-z0-9_-]{21}[AQgw]$/;

function invalid(problem: string): TandemError {
  return new TandemError(ErrorCodes.STATE_INVALID, `the merge base cannot be read: ${problem}`);
}

/**
 * The stored form: `[layoutId, mask, ...values]`, the values of the slots that store one, in slot order. Lossless:
 * decoding gives back exactly the values (and only the fields) that were encoded.
 */
export type PositionalMergeBase = [number, string, ...unknown[]];

export function isPositionalMergeBase(stored: unknown): stored is PositionalMergeBase {
  return Array.isArray(stored) && typeof stored[0] === 'number' && typeof stored[1] === 'string';
}

/** Both values are stored alike: same JSON type and value (the base holds only JSON values). */
function sameStored(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && a !== null && typeof b === 'object' && b !== null && JSON.stringify(a) === JSON.stringify(b);
}

function has(values: Record<string, unknown>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(values, name);
}

/** A canonical GUID's 32 hex digits as 22 base64url characters, unpadded (what `Buffer`'s `base64url` gives). */
function packGuid(guid: string): string {
  let packed = '';
  let bits = 0;
  let count = 0;
  for (let at = 0; at < 36; at++) {
    const code = guid.charCodeAt(at);
    if (code === 45) continue; // '-'
    bits = (bits << 4) | (code <= 57 ? code - 48 : code - 87);
    count += 4;
    if (count >= 6) {
      count -= 6;
      packed += MASK_ALPHABET[(bits >> count) & 63];
      bits &= (1 << count) - 1;
    }
  }
  return packed + MASK_ALPHABET[(bits << (6 - count)) & 63];
}

function unpackGuid(packed: string): string {
  const hex = Buffer.from(packed, 'base64url').toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * GUIDs packed lately: a page's bases hold the same few lookup GUIDs (owner, currency) over and over; the packed text
 * is then also the same string, whose hash the page's value count (`StoredMergeBases.encode`) keeps. Bounded.
 */
const packedGuids = new Map<string, string>();
const PACKED_GUIDS_MAX = 10_000;

/** Stores one value at place `at` of `stored` (a GUID packed) and gives its slot's code. */
function put(stored: unknown[], at: number, value: unknown): number {
  if (typeof value === 'string' && value.length === 36) {
    let packed = packedGuids.get(value);
    if (packed === undefined && GUID_PATTERN.test(value)) {
      packed = packGuid(value);
      if (packedGuids.size >= PACKED_GUIDS_MAX) packedGuids.clear();
      packedGuids.set(value, packed);
    }
    if (packed !== undefined) {
      stored[at] = packed;
      return GUID;
    }
  }
  stored[at] = value;
  return STORED;
}

/**
 * The slots' codes and values of the call of `encodePositional` under way (reused: it is synchronous and runs per
 * coupling).
 */
let codes = new Uint8Array(64);
const slotValues: unknown[] = [];

/**
 * The positional form of `values` in `layout` (whose row id is `layoutId`), or undefined when a value's field is not
 * in the layout (the caller then stores the plain form). No closure and no array of codes per call: this runs for
 * every coupling written.
 */
export function encodePositional(layout: MergeBaseLayout, layoutId: number, values: SyncedValues): PositionalMergeBase | undefined {
  const stored: unknown[] = [];
  return encodePositionalInto(layout, layoutId, values, stored) < 0 ? undefined : (stored as PositionalMergeBase);
}

/** Marks the slots of one side's own keys as stored, their values in `slotValues`; false for a key the layout lacks. */
function placeSide(values: SyncedValues['business'], slotOf: ReadonlyMap<string, number>): boolean {
  for (const name in values) {
    if (!has(values, name)) continue;
    const slot = slotOf.get(name);
    if (slot === undefined) return false;
    codes[slot] = STORED;
    slotValues[slot] = values[name];
  }
  return true;
}

/**
 * `encodePositional` written into the first places of `stored` (an array the caller reuses from one coupling to the
 * next: none is grown per coupling), giving how many places it filled, or -1 where `encodePositional` gives undefined.
 * Places past the count keep what they held.
 */
export function encodePositionalInto(layout: MergeBaseLayout, layoutId: number, values: SyncedValues, stored: unknown[]): number {
  const { business, integration, pairs } = layout.fields;
  const slots = business.length + integration.length;
  if (codes.length < slots + 2) codes = new Uint8Array(2 * slots + 2);
  codes.fill(ABSENT, 0, slots);
  // Each side's own enumerable keys once, placed by slot (one lookup per key the base has, not two per field of the
  // layout); a key the layout lacks gives -1.
  if (!placeSide(values.business, layout.slotOf.business) || !placeSide(values.integration, layout.slotOf.integration)) return -1;
  stored[0] = layoutId;
  let size = 2;
  for (let slot = 0; slot < slots; slot++) {
    if (codes[slot] === ABSENT) continue;
    const value = slotValues[slot];
    const paired = slot < business.length ? -1 : pairs[slot - business.length]!;
    if (paired >= 0 && codes[paired] !== ABSENT && sameStored(value, slotValues[paired])) codes[slot] = SAME;
    else codes[slot] = put(stored, size++, value);
  }
  slotValues.fill(undefined, 0, slots);
  let last = slots;
  while (last > 0 && codes[last - 1] === ABSENT) last--;
  // The two slots past `last` read as absent in the last character.
  codes[last] = ABSENT;
  codes[last + 1] = ABSENT;
  let mask = '';
  for (let at = 0; at < last; at += 3) mask += MASK_ALPHABET[codes[at]! | (codes[at + 1]! << 2) | (codes[at + 2]! << 4)];
  stored[1] = mask;
  return size;
}

/** The values of a positional merge base, read with the layout it was written against. */
export function decodePositional(layout: MergeBaseLayout, stored: PositionalMergeBase): SyncedValues {
  const { business, integration, pairs } = layout.fields;
  const values: SyncedValues = { business: {}, integration: {} };
  const mask = stored[1];
  let next = 2;
  const slots = business.length + integration.length;
  if (mask.length > Math.ceil(slots / 3)) throw invalid(`its mask has ${mask.length} characters, its layout ${slots} fields`);
  const take = () => {
    if (next >= stored.length) throw invalid(`it holds ${stored.length - 2} values, fewer than its mask names`);
    return stored[next++];
  };
  for (let slot = 0; slot < slots; slot++) {
    // Trailing absent slots are not in the mask.
    const at = (slot / 3) | 0;
    const code = at < mask.length ? (SIX_BITS[mask.charCodeAt(at) & 127]! >> (2 * (slot % 3))) & 3 : ABSENT;
    if (code === ABSENT) continue;
    const isBusiness = slot < business.length;
    const name = isBusiness ? business[slot]! : integration[slot - business.length]!;
    const side = isBusiness ? values.business : values.integration;
    if (code === SAME) {
      const paired = isBusiness ? -1 : pairs[slot - business.length]!;
      if (paired < 0 || !has(values.business, business[paired]!)) throw invalid(`field ${name} is marked equal to a business value it has none of`);
      side[name] = values.business[business[paired]!];
    } else if (code === GUID) {
      const packed = take();
      if (typeof packed !== 'string' || !PACKED_GUID.test(packed)) throw invalid(`field ${name} is marked as a packed GUID, but holds ${JSON.stringify(packed)}`);
      side[name] = unpackGuid(packed);
    } else side[name] = take();
  }
  if (next !== stored.length) throw invalid(`it holds ${stored.length - 2} values, more than its mask names`);
  return values;
}
