import type { EntityManager } from '@mikro-orm/core';
import type { TableMapping } from '../model/TableMapping';
import { TandemError } from '../errors/TandemError';
import { ErrorCodes } from '../errors/ErrorCodes';
import type { Coupling, StoredCoupling } from './Coupling';
import { decodeMergeBase, isCompactMergeBase } from './mergeBaseCodec';
import { MergeBaseLayouts } from './MergeBaseLayouts';
import { SHARED_TOKEN_MAX } from './MergeBaseValue';
import { MergeBaseValues } from './MergeBaseValues';
import { decodePositional, encodePositionalInto, isPositionalMergeBase, layoutOf, type MergeBaseLayout } from './positionalMergeBase';
import { isPlainString, isSharedToken, mergeBaseText, parseMergeBaseText, positionalOf, sharedId, sharedToken, STRING_LEAD, tokenOf, type MergeBaseText } from './textMergeBase';

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
 * A distinct value of a page being written: its token (a plain string's made only when needed: most are written once
 * and never shared, and go into the text as the lead and the string), how many of the page's bases hold it, its
 * reference if shared.
 */
interface TokenUse {
  token: string | undefined;
  /** A plain string (`isPlainString`): its token is `STRING_LEAD` and it. */
  plain: string | undefined;
  length: number;
  count: number;
  reference: string | undefined;
}

/** Writes `use` as a reference to shared value `id` when the reference is the shorter. */
function refer(use: TokenUse, id: number): void {
  const reference = sharedToken(id);
  if (reference.length < use.length) use.reference = reference;
}

function tokenUse(value: unknown, token: string | undefined): TokenUse {
  if (typeof value === 'string' && isPlainString(value)) return { token: undefined, plain: value, length: value.length + 1, count: 1, reference: undefined };
  token ??= tokenOf(value);
  return { token, plain: undefined, length: token.length, count: 1, reference: undefined };
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
    // Each distinct value of the page once, with its token and how often the page holds it: a string by the value
    // itself (no token made, and no token's text hashed, per occurrence), anything else by its token.
    const byString = new Map<string, TokenUse>();
    const byToken = new Map<string, TokenUse>();
    const useOf = (value: unknown): TokenUse => {
      const map = typeof value === 'string' ? byString : byToken;
      const key = typeof value === 'string' ? value : tokenOf(value);
      const use = map.get(key);
      if (use) {
        use.count++;
        return use;
      }
      const added = tokenUse(value, typeof value === 'string' ? undefined : key);
      map.set(key, added);
      return added;
    };
    // The page's positional bases as a head (`mergeBaseText` before the tokens: its layout's part, made once per
    // layout, and the mask) and their values' uses, flat.
    const encoded: { coupling: Coupling; layoutHead: string; mask: string; end: number }[] = [];
    const layoutHeads = new Map<number, string>();
    const uses: TokenUse[] = [];
    // The last value met at each place of a positional base, and its use: a column that repeats from one coupling to
    // the next (a country, an owner) is counted without a lookup in the maps. Equal values have equal tokens.
    const lastValues: unknown[] = [];
    const lastUses: (TokenUse | undefined)[] = [];
    // Each coupling's positional form, in the first places of one array.
    const positional: unknown[] = [];
    for (const coupling of couplings) {
      const layout = this.#layoutFor(coupling, layouts);
      const size = layout ? encodePositionalInto(layout.layout, layout.id, coupling.syncedValues!, positional) : -1;
      if (size < 0) {
        stored.set(coupling, { mergeBase: null, syncedValues: coupling.syncedValues });
        continue;
      }
      for (let at = 2; at < size; at++) {
        const value = positional[at];
        let use = lastUses[at];
        if (use !== undefined && lastValues[at] === value) use.count++;
        else {
          use = useOf(value);
          lastValues[at] = value;
          lastUses[at] = use;
        }
        uses.push(use);
      }
      const id = layout!.id;
      let layoutHead = layoutHeads.get(id);
      if (layoutHead === undefined) layoutHeads.set(id, (layoutHead = mergeBaseText(id, '', [])));
      encoded.push({ coupling, layoutHead, mask: positional[1] as string, end: uses.length });
    }
    // Tokens written as a reference: the ones shared already, and the ones this page shares — a value not shared yet
    // becomes shared when this page alone pays for its row: values that repeat across couplings (a country, a
    // salesperson, a lookup's GUID), not the ones that happen to repeat once or twice.
    const often: TokenUse[] = [];
    for (const map of [byString, byToken]) {
      for (const use of map.values()) {
        const length = use.length;
        if (length < SHARE_MIN_LENGTH || length > SHARED_TOKEN_MAX) continue;
        const cached = use.plain !== undefined ? this.#values.cachedIdOfPlain(use.plain) : this.#values.cachedId(use.token!);
        if (cached !== undefined) refer(use, cached);
        else if (use.count * (length - REFERENCE_LENGTH) >= shareCost(length)) {
          use.token ??= STRING_LEAD + use.plain!;
          often.push(use);
        }
      }
    }
    // Most used first: ids are given in that order, and the first 63 take one character.
    often.sort((a, b) => b.count - a.count || (a.token! < b.token! ? -1 : 1));
    const ids = await this.#values.idsOf(em, often.map((use) => use.token!));
    for (const use of often) {
      const id = ids.get(use.token!);
      if (id !== undefined) refer(use, id);
    }
    // Each text joined from one array of pieces, flat: not a rope of one string per token, per coupling.
    const pieces: string[] = [];
    let used = 0;
    let at = 0;
    for (const { coupling, layoutHead, mask, end } of encoded) {
      let count = 0;
      pieces[count++] = layoutHead;
      pieces[count++] = mask;
      for (; at < end; at++) {
        const use = uses[at]!;
        if (use.reference !== undefined) pieces[count++] = use.reference;
        else if (use.token !== undefined) pieces[count++] = use.token;
        else {
          pieces[count++] = STRING_LEAD;
          pieces[count++] = use.plain!;
        }
      }
      // The places a longer text used before join as nothing.
      for (let rest = count; rest < used; rest++) pieces[rest] = '';
      used = count;
      stored.set(coupling, { mergeBase: pieces.join(''), syncedValues: null });
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
