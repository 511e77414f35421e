import { ErrorCodes } from '../errors/ErrorCodes';
import { TandemError } from '../errors/TandemError';
import type { PositionalMergeBase } from './positionalMergeBase';

/**
 * The text form of a positional merge base (`tandem_coupling.merge_base`): the layout id, the mask and the stored
 * values, each part after a U+001F (unit separator) — `2␟VRVEVV…␟Munich␟…`. A string value is written as it is; any
 * other value (number, boolean, null, object) and a string that could not be (one that starts with U+0001 or
 * U+0002, holds U+0000 or U+001F, or a lone surrogate, which UTF-8 cannot hold) is U+0002 and its JSON. A value that
 * many couplings share is U+0001 and the id of its row in `tandem_merge_base_value`, which holds the value's token.
 * Lossless: a value reads back exactly as a JSON column would give it back. Against the JSON array it replaces, a
 * string value costs one byte of framing instead of three.
 */
export const SEPARATOR = '\u001f';
const SHARED = '\u0001';
const JSON_VALUE = '\u0002';

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DIGIT_OF = new Map([...DIGITS].map((digit, value) => [digit, value]));
/** Characters a bare string may not hold: U+0000 (PostgreSQL text refuses it), the separator, a lone surrogate. */
const UNSAFE = /[\u0000\u001f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function invalid(message: string): TandemError {
  return new TandemError(ErrorCodes.STATE_INVALID, message);
}

/** One stored value as its token. */
export function tokenOf(value: unknown): string {
  if (typeof value === 'string' && (value === '' || (value.charCodeAt(0) > 2 && !UNSAFE.test(value)))) return value;
  // Exactly what the JSON column did with it (undefined and NaN become null there too).
  return JSON_VALUE + (JSON.stringify(value) ?? 'null');
}

/** The value a token stands for (not a shared one: `isSharedToken`). */
export function valueOf(token: string): unknown {
  if (token.charCodeAt(0) === 1) throw invalid('a shared value refers to another shared value');
  if (token.charCodeAt(0) !== 2) return token;
  try {
    return JSON.parse(token.slice(1));
  } catch {
    throw invalid(`a value is not valid JSON: ${JSON.stringify(token.slice(1, 41))}`);
  }
}

export function isSharedToken(token: string): boolean {
  return token.charCodeAt(0) === 1;
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
  let text = layoutId.toString(36) + SEPARATOR + mask;
  for (const token of tokens) text += SEPARATOR + token;
  return text;
}

export function parseMergeBaseText(text: string): MergeBaseText {
  const [id, mask, ...tokens] = text.split(SEPARATOR);
  const layoutId = /^[0-9a-z]{1,10}$/.test(id!) ? parseInt(id!, 36) : NaN;
  if (!(layoutId > 0) || mask === undefined || !/^[A-Za-z0-9_-]*$/.test(mask)) {
    throw invalid(`the merge base text does not start with a layout id and a mask: ${JSON.stringify(text.slice(0, 40))}`);
  }
  return { layoutId, mask, tokens };
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
    positional.push(valueOf(value));
  }
  return positional;
}
