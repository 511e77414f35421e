import { describe, expect, it } from 'vitest';
import type { TableMapping } from '../src/index';
import { TandemError } from '../src/errors/TandemError';
import { decodePositional, encodePositional, layoutOf, MergeBaseLayout } from '../src/state/positionalMergeBase';
import { isPlainString, isSharedToken, mergeBaseText, parseMergeBaseText, positionalOf, sharedId, sharedToken, STRING_LEAD, tokenOf, valueOf } from '../src/state/textMergeBase';

/** What the JSON column gave back for a value: the reference every token must match. */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify([value]))[0];

const strings = [
  '', ' ', 'a', 'Zürich', 'Österreich', '北京', '😀', 'emoji 😀 inside', 'tab\there', 'line\nbreak', 'cr\r\n', '\u0000', 'a\u0000b',
  '\u0001', '\u0001x', 'x\u0002', '\u0003A', 'x\u001fy', '\u001f', '\u007f', '\ud800', 'lone \udc00 low', 'pair \ud83d\ude00 ok', '"quoted"',
  'back\\slash', '7000', '007', '-1.5', '1e3', 'null', 'true', 'false', '[1]', '{"a":1}', 'https://www.', 'https://www.example.com/a?b=c',
  'http://www.x', 'https://x', 'http://', 'https:/www.x', 'HTTPS://WWW.X', 'h', 'b0000000-0000-4000-8000-000000000001', '2026-01-01T00:00:00.000Z',
  '12.50', ' padded ', 'x'.repeat(5000),
];
const others = [0, -0, 1, -1, 7000, 1.5, -2.25, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, 0.1 + 0.2, true, false, null, NaN, Infinity, [], {}, [1, 'x', null, { a: [true] }], { nested: { deep: ['\u0000', '\u001f'] } }];

describe('text merge base tokens', () => {
  it('every value reads back as the JSON column gave it back: strings with any characters, numbers, booleans, null, objects', () => {
    for (const value of [...strings, ...others]) {
      const token = tokenOf(value);
      expect(isSharedToken(token)).toBe(false);
      expect(Object.is(valueOf(token), viaJson(value)) || JSON.stringify(valueOf(token)) === JSON.stringify(viaJson(value))).toBe(true);
      if (typeof value === 'string') expect(valueOf(token)).toBe(value);
    }
  });

  it('random strings of any UTF-16 code units round-trip, and what is written as it is holds no lead character, U+0000 or lone surrogate', () => {
    let seed = 42;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const alphabet = () => {
      const pick = random();
      if (pick < 0.3) return String.fromCharCode(Math.floor(random() * 0x20));
      if (pick < 0.4) return String.fromCharCode(0xd800 + Math.floor(random() * 0x800));
      return String.fromCharCode(Math.floor(random() * 0x10000));
    };
    for (let i = 0; i < 3000; i++) {
      const value = Array.from({ length: Math.floor(random() * 12) }, alphabet).join('');
      const token = tokenOf(value);
      expect(valueOf(token)).toBe(value);
      const text = mergeBaseText(1, 'E', [token, tokenOf('after')]);
      expect(parseMergeBaseText(text).tokens).toEqual([token, tokenOf('after')]);
      if (token[0] === '\u001f') expect(token.slice(1)).not.toMatch(/[\u0000-\u0003\u001f]/);
      // A plain string (its token made only when needed) is exactly one whose token is the lead and the string.
      expect(isPlainString(value)).toBe(token === STRING_LEAD + value);
    }
  });

  it('a string costs one byte of framing; a web address scheme one more byte; other values their JSON and one byte', () => {
    expect(tokenOf('Munich')).toBe('\u001fMunich');
    expect(tokenOf('https://www.example.com')).toBe('\u0003Aexample.com');
    expect(tokenOf('http://example.com')).toBe('\u0003Dexample.com');
    expect(tokenOf(33000)).toBe('\u000233000');
    expect(tokenOf('a\u001fb')).toBe('\u0002"a\\u001fb"');
    for (const value of ['Munich', '', 'h', 'http', 'https://www.example.com', 'http://x', 'hello https://', 'a\u001fb', 'lone \ud800']) {
      expect(isPlainString(value)).toBe(tokenOf(value) === STRING_LEAD + value);
    }
  });

  it('shared tokens carry a positive id in base64url', () => {
    for (const id of [1, 63, 64, 4095, 4096, 262_143, 2 ** 40]) {
      expect(isSharedToken(sharedToken(id))).toBe(true);
      expect(sharedId(sharedToken(id))).toBe(id);
    }
    expect(sharedToken(63)).toHaveLength(2);
    expect(sharedToken(64)).toHaveLength(3);
  });
});

describe('text merge base', () => {
  const mapping = { name: 'M', fields: [
    { business: 'name', integration: 'name' }, { business: 'amount', integration: 'creditlimit' }, { business: 'owner', integration: 'ownerid' },
    { business: 'when', integration: 'whenText' }, { business: 'note' }, { integration: 'onlyIntegration' }, { business: 'flag', integration: 'flagText' },
  ] } as unknown as TableMapping;
  const layout = layoutOf(mapping);

  /** encode → text (values listed in `shared` as references) → parse → decode, the shared table given as a map. */
  const roundTrip = (values: { business: Record<string, unknown>; integration: Record<string, unknown> }, share: unknown[] = []) => {
    const positional = encodePositional(layout, 9, values)!;
    const table = new Map(share.map((value, i) => [i + 1, tokenOf(value)]));
    const tokens = positional.slice(2).map((value) => {
      const token = tokenOf(value);
      const id = [...table].find(([, t]) => t === token)?.[0];
      return id === undefined ? token : sharedToken(id);
    });
    const text = mergeBaseText(9, positional[1], tokens);
    const parsed = parseMergeBaseText(text);
    return { text, decoded: decodePositional(MergeBaseLayout.parse(layout.text), positionalOf(parsed, table)) };
  };

  it('round-trips a base with every kind of value, shared or not; null, empty and missing stay apart', () => {
    const values = {
      business: { name: 'A\u001fB', amount: 7000.25, owner: 'b0000000-0000-4000-8000-000000000001', when: '2026-01-01T00:00:00.000Z', note: '', flag: false },
      integration: { name: 'A\u001fB', creditlimit: '7000.25', ownerid: 'b0000000-0000-4000-8000-000000000001', whenText: null, onlyIntegration: { a: [1, null] }, flagText: 'false' },
    };
    for (const share of [[], ['2026-01-01T00:00:00.000Z', 7000.25], ['\u0000', 'A\u001fB', '7000.25', null]]) {
      const { decoded } = roundTrip(values, share);
      expect(decoded).toEqual(values);
      expect(Object.keys(decoded.business)).toEqual(Object.keys(values.business));
      expect(Object.keys(decoded.integration).sort()).toEqual(Object.keys(values.integration).sort());
      expect(decoded.integration.whenText).toBeNull();
      expect(decoded.business.note).toBe('');
    }
    expect(roundTrip({ business: {}, integration: {} })).toEqual({ text: '9\u001f', decoded: { business: {}, integration: {} } });
    expect(roundTrip({ business: { name: '' }, integration: {} }).decoded).toEqual({ business: { name: '' }, integration: {} });
  });

  it('a malformed text, a missing shared value or a wrong number of values is TANDEM_STATE_INVALID, never a wrong base', () => {
    const { text } = roundTrip({ business: { name: 'A', amount: 1 }, integration: { name: 'B' } });
    const decode = (stored: string, table = new Map<number, string>([[1, tokenOf('x')], [2, sharedToken(1)]])) =>
      decodePositional(layout, positionalOf(parseMergeBaseText(stored), table));
    expect(decode(text)).toEqual({ business: { name: 'A', amount: 1 }, integration: { name: 'B' } });
    const broken = [
      '', 'garbage', '\u001fE', '0\u001fE', '9', '9\u001fE*', `${text}\u001fextra`, text.slice(0, text.lastIndexOf('\u001f')),
      `${text.slice(0, text.lastIndexOf('\u0002'))}\u0002{nope`, `${text}\u0001Z`, `${text}\u0001B`, `${text}\u0001`, `${text}\u0001C`, `${text}\u0001*`, `${text}\u0003z`,
      '9\u001f_____________', '9\u001fP\u001fnot-a-packed-guid',
    ];
    for (const stored of broken) {
      let error: unknown;
      try {
        decode(stored);
      } catch (thrown) {
        error = thrown;
      }
      expect(error, JSON.stringify(stored)).toBeInstanceOf(TandemError);
      expect((error as TandemError).code).toBe('TANDEM_STATE_INVALID');
    }
  });
});
