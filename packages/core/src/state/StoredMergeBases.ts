import type { EntityManager } from '@mikro-orm/core';
import type { TableMapping } from '../model/TableMapping';
import { TandemError } from '../errors/TandemError';
import { ErrorCodes } from '../errors/ErrorCodes';
import type { Coupling, StoredCoupling } from './Coupling';
import { decodeMergeBase, isCompactMergeBase } from './mergeBaseCodec';
import { MergeBaseLayouts } from './MergeBaseLayouts';
import { SHARED_TOKEN_MAX } from './MergeBaseValue';
import { MergeBaseValues } from './MergeBaseValues';
import { grown, PageValues } from './PageValues';
import { decodePositional, encodePositionalInto, isPositionalMergeBase, layoutOf, type MergeBaseLayout } from './positionalMergeBase';
import { isSharedToken, mergeBaseText, parseMergeBaseText, positionalOf, sharedId, sharedToken, STRING_LEAD, type MergeBaseText } from './textMergeBase';

/** Shorter values are never shared: a reference takes 2–4 characters. */
const SHARE_MIN_LENGTH = 4;
/**
 * What sharing a value costs once: its row and its index entry hold it twice, plus row and page overhead; weighed
 * three times, so that a page's count has to pay with room to spare (measured: fewer, better-used rows are smaller).
 */
const shareCost = (tokenLength: number) => 3 * tokenLength + 16;
/** A reference's length for the ids of a table of up to 4 095 values (ids past that take a character more). */
const REFERENCE_LENGTH = 3;

/**
 * A value written as a reference to its shared row when that is the shorter. One function for every page, not a
 * closure per `encode`: a call to a new closure each page made V8 drop `encode`'s compiled code ("wrong call target").
 */
function refer(values: PageValues, number: number, id: number): void {
  const reference = sharedToken(id);
  if (reference.length < values.lengths[number]!) values.written[number] = reference;
}

/** A coupling's merge base in the columns that store it. */
export interface StoredMergeBase {
  mergeBase: string | null;
  syncedValues: unknown;
}

/**
 * How couplings' merge bases are stored and read. Written: the text form (`textMergeBase`) of the positional form
 * (`positionalMergeBase`) in `merge_base`, values that a page holds several times shared through
 * `tandem_merge_base_value`; a base that has no layout (its mapping unknown to this store, or a field the mapping no
 * longer has) as plain JSON in `synced_values`. Read: every form ever written — the text, and in `synced_values` the
 * positional JSON array, the tagged form (`mergeBaseCodec`) and plain JSON. An older form is rewritten in the current
 * one the next time its coupling is written (no migration step).
 */
export class StoredMergeBases {
  readonly #layouts = new MergeBaseLayouts();
  readonly #values = new MergeBaseValues();
  readonly #mapping: (name: string) => TableMapping | undefined;

  constructor(mapping: (name: string) => TableMapping | undefined) {
    this.#mapping = mapping;
  }

  /** Couplings as the engine sees them: `syncedValues` decoded from whichever form the row holds, no `mergeBase`. */
  async decode<C extends Coupling | null>(em: EntityManager, couplings: C[]): Promise<C[]> {
    // Reads outside a transaction (each page's) are where values shared by the pages before become known.
    await this.#values.confirm(em);
    const texts = new Map<StoredCoupling, MergeBaseText>();
    const layoutIds = new Set<number>();
    const sharedIds = new Set<number>();
    for (const coupling of couplings as (StoredCoupling | null)[]) {
      if (!coupling) continue;
      if (typeof coupling.mergeBase === 'string') {
        const text = this.#read(coupling, () => parseMergeBaseText(coupling.mergeBase!));
        texts.set(coupling, text);
        layoutIds.add(text.layoutId);
        for (const token of text.tokens) if (isSharedToken(token)) sharedIds.add(this.#read(coupling, () => sharedId(token)));
      } else if (isPositionalMergeBase(coupling.syncedValues)) layoutIds.add(coupling.syncedValues[0]);
    }
    const layouts = layoutIds.size > 0 ? await this.#layouts.layouts(em, layoutIds) : undefined;
    const shared = sharedIds.size > 0 ? await this.#values.tokens(em, sharedIds) : new Map<number, string>();
    let mapping: TableMapping | undefined;
    for (const coupling of couplings as (StoredCoupling | null)[]) {
      if (!coupling) continue;
      const text = texts.get(coupling);
      const stored: unknown = text ? this.#read(coupling, () => positionalOf(text, shared)) : coupling.syncedValues;
      if (isPositionalMergeBase(stored)) {
        const layout = layouts!.get(stored[0]);
        if (!layout) throw this.#invalid(coupling, `its merge base layout ${stored[0]} is not in tandem_merge_base_layout`);
        coupling.syncedValues = this.#read(coupling, () => decodePositional(layout, stored));
      } else if (isCompactMergeBase(stored)) {
        if (mapping?.name !== coupling.mapping) mapping = this.#mapping(coupling.mapping);
        if (mapping) coupling.syncedValues = decodeMergeBase(mapping, stored);
      }
      delete coupling.mergeBase;
    }
    return couplings;
  }

  /** The stored form of each coupling's merge base, by coupling, in `em`'s transaction (layouts and values added). */
  async encode(em: EntityManager, couplings: readonly Coupling[]): Promise<Map<Coupling, StoredMergeBase>> {
    const stored = new Map<Coupling, StoredMergeBase>();
    const layouts = await this.#layoutsOf(em, couplings);
    // Each distinct value of the page once, numbered, with how often the page holds it.
    const values = new PageValues();
    // The page's positional bases: each one's coupling, head (`mergeBaseText` before the tokens: its layout's part,
    // made once per layout, and the mask) and where its values end in `uses`, the numbers of their values, flat.
    const encoded: Coupling[] = [];
    const heads: string[] = [];
    const masks: string[] = [];
    const ends = new Int32Array(couplings.length);
    let uses = new Int32Array(1024);
    let used = 0;
    const layoutHeads = new Map<number, string>();
    // The last value met at each place of a positional base, and its number: a column that repeats from one coupling
    // to the next (a country, an owner) is counted without a lookup in the maps. Equal values have equal tokens.
    const lastValues: unknown[] = [];
    const lastNumbers: number[] = [];
    // Each coupling's positional form, in the first places of one array.
    const positional: unknown[] = [];
    for (const coupling of couplings) {
      const layout = this.#layoutFor(coupling, layouts);
      const size = layout ? encodePositionalInto(layout.layout, layout.id, coupling.syncedValues!, positional) : -1;
      if (size < 0) {
        stored.set(coupling, { mergeBase: null, syncedValues: coupling.syncedValues });
        continue;
      }
      while (used + size > uses.length) uses = grown(uses);
      for (let at = 2; at < size; at++) {
        const value = positional[at];
        let number = lastNumbers[at];
        if (number !== undefined && lastValues[at] === value) values.again(number);
        else {
          number = values.use(value);
          lastValues[at] = value;
          lastNumbers[at] = number;
        }
        uses[used++] = number;
      }
      const id = layout!.id;
      let layoutHead = layoutHeads.get(id);
      if (layoutHead === undefined) layoutHeads.set(id, (layoutHead = mergeBaseText(id, '', [])));
      ends[encoded.length] = used;
      encoded.push(coupling);
      heads.push(layoutHead);
      masks.push(positional[1] as string);
    }
    // Tokens written as a reference: the ones shared already, and the ones this page shares — a value not shared yet
    // becomes shared when this page alone pays for its row: values that repeat across couplings (a country, a
    // salesperson, a lookup's GUID), not the ones that happen to repeat once or twice.
    const { written, plain, lengths, counts } = values;
    const often: number[] = [];
    for (let number = 0; number < values.size; number++) {
      const length = lengths[number]!;
      if (length < SHARE_MIN_LENGTH || length > SHARED_TOKEN_MAX) continue;
      const string = plain[number];
      const cached = string !== undefined ? this.#values.cachedIdOfPlain(string) : this.#values.cachedId(written[number]!);
      if (cached !== undefined) refer(values, number, cached);
      else if (counts[number]! * (length - REFERENCE_LENGTH) >= shareCost(length)) {
        // Its token written whole (the same text as the lead and the string apart), to be given an id.
        written[number] ??= STRING_LEAD + string!;
        often.push(number);
      }
    }
    // Most used first: ids are given in that order, and the first 63 take one character.
    often.sort((a, b) => counts[b]! - counts[a]! || (written[a]! < written[b]! ? -1 : 1));
    const ids = await this.#values.idsOf(em, often.map((number) => written[number]!));
    for (const number of often) {
      const id = ids.get(written[number]!);
      if (id !== undefined) refer(values, number, id);
    }
    // Each text joined from one array of pieces, flat: not a rope of one string per token, per coupling.
    const pieces: string[] = [];
    let filled = 0;
    let at = 0;
    for (let base = 0; base < encoded.length; base++) {
      let count = 0;
      pieces[count++] = heads[base]!;
      pieces[count++] = masks[base]!;
      for (const end = ends[base]!; at < end; at++) {
        const number = uses[at]!;
        const text = written[number];
        if (text !== undefined) pieces[count++] = text;
        else {
          pieces[count++] = STRING_LEAD;
          pieces[count++] = plain[number]!;
        }
      }
      // The places a longer text used before join as nothing.
      for (let rest = count; rest < filled; rest++) pieces[rest] = '';
      filled = count;
      stored.set(encoded[base]!, { mergeBase: pieces.join(''), syncedValues: null });
    }
    return stored;
  }

  /** The layout (and its id) of each known mapping whose couplings this page writes with a merge base (added if new). */
  async #layoutsOf(em: EntityManager, couplings: readonly Coupling[]): Promise<Map<string, { layout: MergeBaseLayout; id: number }>> {
    const layouts = new Map<string, { layout: MergeBaseLayout; id: number }>();
    for (const coupling of couplings) {
      if (!coupling.syncedValues || layouts.has(coupling.mapping)) continue;
      const mapping = this.#mapping(coupling.mapping);
      if (!mapping) continue;
      const layout = layoutOf(mapping);
      layouts.set(coupling.mapping, { layout, id: await this.#layouts.idOf(em, layout) });
    }
    return layouts;
  }

  /** The layout to write a coupling's base against, or undefined: none, or an older stored form (written as it is). */
  #layoutFor(coupling: Coupling, layouts: ReadonlyMap<string, { layout: MergeBaseLayout; id: number }>): { layout: MergeBaseLayout; id: number } | undefined {
    const values = coupling.syncedValues;
    // An older stored form handed back unchanged is written as it is (plain JSON).
    if (!values || isCompactMergeBase(values) || isPositionalMergeBase(values)) return undefined;
    return layouts.get(coupling.mapping);
  }

  /** Runs a step of reading a coupling's merge base; a malformed one names the coupling. */
  #read<T>(coupling: StoredCoupling, step: () => T): T {
    try {
      return step();
    } catch (error) {
      if (error instanceof TandemError && error.code === ErrorCodes.STATE_INVALID) throw this.#invalid(coupling, error.message);
      throw error;
    }
  }

  #invalid(coupling: StoredCoupling, problem: string): TandemError {
    return new TandemError(ErrorCodes.STATE_INVALID, `coupling ${coupling.id} of mapping "${coupling.mapping}": ${problem}`);
  }
}
