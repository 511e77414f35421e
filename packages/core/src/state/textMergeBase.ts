import { ErrorCodes } from '../errors/ErrorCodes';
import { TandemError } from '../errors/TandemError';
import type { PositionalMergeBase } from './positionalMergeBase';

/**
 * The text form of a positional merge base (`tandem_coupling.merge_base`): the layout id (base 36), U+001F, the mask,
 * then one token per stored value. A token starts with a lead character that says what follows, up to the next lead
 * character — `2␟VRVEVV…␟Munich␁Bx␂33000…`:
 * - U+001F (`␟`): a string, as it is;
 * - U+0003: a string that starts with one of the `PREFIXES` (a web address's scheme): the prefix's digit, the rest;
 * - U+0002: JSON — any other value (number, boolean, null, object), and a string that cannot be written as it is
 *   (one that holds a lead character, U+0000, which PostgreSQL text refuses, or a lone surrogate, which UTF-8 cannot
 *   hold; JSON escapes all of them);
 * - U+0001: a value many couplings share (`tandem_merge_base_value`): the id of its row, which holds its token.
 * Lossless: a value reads back exactly as a JSON column gave it back. A string costs one byte of framing instead of
 * JSON's three, a shared value two or three bytes whatever its length.
 */
const STRING = '\u001f';
const SHARED = '\u0001';
const JSON_VALUE = '\u0002';
const PREFIXED = '\u0003';
/** Never reordered or removed (stored rows name a prefix by its place); longer before the shorter they start with. */
const PREFIXES = ['https://www.', 'http://www.', 'https://', 'http://'];

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_OF = new Map([...DIGITS].map((digit, value) => [digit, value]));
/** What a string written as it is may not hold: the lead characters, U+0000, a lone surrogate. */
const UNSAFE = /[\u0000-\u0003\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** A cheaper first look: a string without any of these (nearly all) is safe. */
const SUSPECT = /[\u0000-\u0003\u001f\ud800-\udfff]/;
/** Before every lead character (where a text is cut into tokens). */
const TOKEN_START = /(?=[\u0001-\u0003\u001f])/;

export function invalid(message: string): TandemError {
  return new TandemError(ErrorCodes.STATE_INVALID, message);
}

/** The lead character of a string written as it is: a plain string's token is it and the string. */
export const STRING_LEAD = STRING;

/** Whether `tokenOf(value)` is `STRING_LEAD` and the string as it is (nearly every string). */
export function isPlainString(value: string): boolean {
  return !(SUSPECT.test(value) && UNSAFE.test(value)) && prefixOf(value) < 0;
}

/** Which of the `PREFIXES` a string starts with, or -1. */
function prefixOf(value: string): number {
  return value.charCodeAt(0) === 104 /* h */ ? PREFIXES.findIndex((p) => value.startsWith(p)) : -1;
}

/** One stored value as its token (lead character included). */
export function tokenOf(value: unknown): string {
  if (typeof value === 'string' && !(SUSPECT.test(value) && UNSAFE.test(value))) {
    const prefix = prefixOf(value);
    return prefix < 0 ? STRING + value : PREFIXED + DIGITS[prefix] + value.slice(PREFIXES[prefix]!.length);
  }
  // Exactly what the JSON column did with it (undefined and NaN become null there too).
  return JSON_VALUE + (JSON.stringify(value) ?? 'null');
}

/** The value a token stands for (not a shared one: `isSharedToken`). */
export function valueOf(token: string): unknown {
  switch (token[0]) {
    case STRING:
      return token.slice(1);
    case PREFIXED: {
      const prefix = PREFIXES[DIGIT_OF.get(token[1]!) ?? -1];
      if (prefix === undefined) throw invalid(`a value names an unknown prefix: ${JSON.stringify(token.slice(1, 2))}`);
      return prefix + token.slice(2);
    }
    case JSON_VALUE:
      try {
        return JSON.parse(token.slice(1));
      } catch {
        throw invalid(`a value is not valid JSON: ${JSON.stringify(token.slice(1, 41))}`);
      }
    default:
      throw invalid(`a value's token does not start with a lead character: ${JSON.stringify(token.slice(0, 20))}`);
  }
}

export function isSharedToken(token: string): boolean {
  return token[0] === SHARED;
}

/** The token that refers to shared value `id` (a positive integer, base64url digits). */
export function sharedToken(id: number): string {
  let digits = '';
  for (let rest = id; rest > 0; rest = Math.floor(rest / 64)) digits = DIGITS[rest % 64] + digits;
  return SHARED + digits;
}

/** The id a shared token refers to. */
export function sharedId(token: string): number {
  let id = 0;
  for (let at = 1; at < token.length; at++) {
    const digit = DIGIT_OF.get(token[at]!);
    if (digit === undefined) throw invalid(`a shared value's id is not base64url: ${JSON.stringify(token.slice(1, 20))}`);
    id = id * 64 + digit;
  }
  if (id < 1) throw invalid('a shared value has no id');
  return id;
}

/** The parts of a text merge base: its tokens may still be shared ones. */
export interface MergeBaseText {
  layoutId: number;
  mask: string;
  tokens: string[];
}

/** The text of a positional merge base whose values are already tokens (`tokenOf`, or shared). */
export function mergeBaseText(layoutId: number, mask: string, tokens: readonly string[]): string {
  return layoutId.toString(36) + STRING + mask + tokens.join('');
}

export function parseMergeBaseText(text: string): MergeBaseText {
  const cut = text.indexOf(STRING);
  const id = cut > 0 ? text.slice(0, cut) : '';
  const layoutId = /^[0-9a-z]{1,10}$/.test(id) ? parseInt(id, 36) : NaN;
  const parts = text.slice(cut + 1).split(TOKEN_START);
  // The mask is what comes before the first lead character (`split` gives no empty first part for an empty mask).
  const mask = parts[0] !== undefined && !TOKEN_START.test(parts[0].slice(0, 1)) ? parts.shift()! : '';
  if (!(layoutId > 0) || !/^[A-Za-z0-9_-]*$/.test(mask)) {
    throw invalid(`the merge base text does not start with a layout id and a mask: ${JSON.stringify(text.slice(0, 40))}`);
  }
  return { layoutId, mask, tokens: parts.filter((part) => part !== '') };
}

/** The positional form of a parsed text, shared tokens replaced by `shared` (id → token). */
export function positionalOf(parsed: MergeBaseText, shared: ReadonlyMap<number, string>): PositionalMergeBase {
  const positional: PositionalMergeBase = [parsed.layoutId, parsed.mask];
  for (const token of parsed.tokens) {
    if (!isSharedToken(token)) {
      positional.push(valueOf(token));
      continue;
    }
    const value = shared.get(sharedId(token));
    if (value === undefined) throw invalid(`shared value ${sharedId(token)} is not in tandem_merge_base_value`);
    if (isSharedToken(value)) throw invalid(`shared value ${sharedId(token)} refers to another shared value`);
    positional.push(valueOf(value));
  }
  return positional;
}
