import { describe, expect, it } from 'vitest';
import { Dec, dueDate, incrementNo, lineAmounts } from '../src/index';

describe('Dec', () => {
  it('adds, multiplies and divides without float drift, and writes the shortest text', () => {
    expect(Dec.of('0.1').plus(Dec.of('0.2')).toString()).toBe('0.3');
    expect(Dec.of(0.1).times(Dec.of(3)).toString()).toBe('0.3');
    expect(Dec.of('1234567890.12345').plus(Dec.of('0.00005')).toString()).toBe('1234567890.1235');
    expect(Dec.of('100').dividedBy(Dec.of('80')).toString()).toBe('1.25');
    expect(Dec.of('-2.50').toString()).toBe('-2.5');
    expect(Dec.of('12.000').toString()).toBe('12');
  });

  it('rounds half away from zero to a precision, as NAV does', () => {
    expect(Dec.of('2.345').round(Dec.of('0.01')).toString()).toBe('2.35');
    expect(Dec.of('-2.345').round(Dec.of('0.01')).toString()).toBe('-2.35');
    expect(Dec.of('2.344').round(Dec.of('0.01')).toString()).toBe('2.34');
    expect(Dec.of('1234.5').round(Dec.of('1')).toString()).toBe('1235');
    expect(Dec.of('1').dividedBy(Dec.of('3')).toString()).toBe('0.3333333333');
  });

  it('refuses what is not a plain decimal, naming the field', () => {
    expect(() => Dec.of('1e5', 'quantity')).toThrow('quantity "1e5" is not valid: expected a decimal number such as 12.5.');
    expect(() => Dec.of(Number.NaN, 'unitPrice')).toThrow(expect.objectContaining({ code: 'TANDEM_ERP_VALUE_INVALID' }));
    expect(() => Dec.of('0.00000000001')).toThrow('at most 10 decimal places');
  });
});

describe('lineAmounts', () => {
  it('rounds the gross amount and the discount separately to the currency precision', () => {
    expect(lineAmounts(Dec.of(7), Dec.of('99.99'), Dec.of('12.5'), Dec.of('0.01'))).toEqual({ lineDiscountAmount: '87.49', amount: '612.44' });
    expect(lineAmounts(Dec.of(3), Dec.of('0.333'), Dec.of(0), Dec.of('0.01'))).toEqual({ lineDiscountAmount: '0', amount: '1' });
    expect(lineAmounts(Dec.of(3), Dec.of('1234.56'), Dec.of(100), Dec.of('1'))).toEqual({ lineDiscountAmount: '3704', amount: '0' });
  });
});

describe('incrementNo', () => {
  it('counts up the last run of digits and keeps its width, as NAV\'s IncStr', () => {
    expect(incrementNo('SO00099')).toBe('SO00100');
    expect(incrementNo('2025-INV-009/A')).toBe('2025-INV-010/A');
    expect(incrementNo('SP NO. 00001')).toBe('SP NO. 00002');
    expect(incrementNo('C0')).toBe('C1');
    expect(incrementNo('7')).toBe('8');
    expect(incrementNo('A1B2999')).toBe('A1B3000');
    expect(incrementNo('X9-0019x')).toBe('X9-0020x');
    // Only ASCII digits count (as `\d`): a full-width digit is no digit.
    expect(incrementNo('A1\uFF11')).toBe('A2\uFF11');
    // Each number of a series after the one before, through every carry.
    let no = 'C00000';
    for (let i = 1; i <= 1234; i++) no = incrementNo(no)!;
    expect(no).toBe('C01234');
  });

  it('gives up on a number without digits or one that would overflow', () => {
    expect(incrementNo('NODIGITS')).toBeUndefined();
    expect(incrementNo('SO999')).toBeUndefined();
    expect(incrementNo('9')).toBeUndefined();
    expect(incrementNo('A9B99')).toBeUndefined();
    expect(incrementNo('')).toBeUndefined();
  });
});

describe('dueDate', () => {
  it('applies simple NAV date formulas to the posting date', () => {
    expect(dueDate('2025-03-15', '30D')).toBe('2025-04-14');
    expect(dueDate('2025-03-15', '2W')).toBe('2025-03-29');
    expect(dueDate('2025-01-31', '1M')).toBe('2025-02-28');
    expect(dueDate('2024-02-29', '1Y')).toBe('2025-02-28');
    expect(dueDate('2025-01-15', '1M')).toBe('2025-02-15');
    expect(dueDate('2025-12-05', 'CM')).toBe('2025-12-31');
    expect(dueDate('2025-02-10', 'CM')).toBe('2025-02-28');
    expect(dueDate('2025-02-10', '0D')).toBe('2025-02-10');
  });

  it('makes the invoice due on the posting date without a formula it understands', () => {
    expect(dueDate('2025-02-10', null)).toBe('2025-02-10');
    expect(dueDate('2025-02-10', 'CM+10D')).toBe('2025-02-10');
  });
});
