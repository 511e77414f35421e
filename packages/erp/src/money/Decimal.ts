import { erpErrors } from '../errors/erpErrors';

/** Internal fixed scale: every value is an integer count of 10⁻¹⁰. Enough for rates, prices and amounts. */
const SCALE = 10;
const ONE = 10n ** BigInt(SCALE);
const PATTERN = /^([+-])?(\d+)(?:\.(\d+))?$/;

/**
 * Exact decimal arithmetic on the decimal strings MikroORM returns, with no float in between: values are parsed
 * into scaled bigints, computed, and written back as the shortest decimal text (`'12.5'`, `'10'`). Results are
 * rounded half away from zero, as NAV's `Round`.
 */
export class Dec {
  private constructor(readonly units: bigint) {}

  static readonly ZERO = new Dec(0n);

  /** Parses a decimal string or a finite number (`1e-7` style numbers are refused); `field` names it in the error. */
  static of(value: string | number | bigint | Dec, field = 'value'): Dec {
    if (value instanceof Dec) return value;
    const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value).trim();
    const match = PATTERN.exec(text);
    if (!match) throw erpErrors.valueInvalid(field, value, 'a decimal number such as 12.5');
    const [, sign, whole, fraction = ''] = match;
    if (fraction.length > SCALE) throw erpErrors.valueInvalid(field, value, `at most ${SCALE} decimal places`);
    const units = BigInt(whole!) * ONE + BigInt(fraction.padEnd(SCALE, '0'));
    return new Dec(sign === '-' ? -units : units);
  }

  plus(other: Dec): Dec {
    return new Dec(this.units + other.units);
  }

  minus(other: Dec): Dec {
    return new Dec(this.units - other.units);
  }

  times(other: Dec): Dec {
    return new Dec(divRound(this.units * other.units, ONE));
  }

  dividedBy(other: Dec): Dec {
    return new Dec(divRound(this.units * ONE, other.units));
  }

  /** Rounded to a multiple of `precision` (NAV's amount rounding precision, e.g. `0.01`). */
  round(precision: Dec): Dec {
    if (precision.units <= 0n) return this;
    return new Dec(divRound(this.units, precision.units) * precision.units);
  }

  isPositive(): boolean {
    return this.units > 0n;
  }

  isNegative(): boolean {
    return this.units < 0n;
  }

  compare(other: Dec): number {
    return this.units === other.units ? 0 : this.units < other.units ? -1 : 1;
  }

  toString(): string {
    const negative = this.units < 0n;
    const abs = negative ? -this.units : this.units;
    const whole = abs / ONE;
    const fraction = (abs % ONE).toString().padStart(SCALE, '0').replace(/0+$/, '');
    return `${negative ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}`;
  }
}

/** a / b rounded half away from zero. */
function divRound(a: bigint, b: bigint): bigint {
  const negative = (a < 0n) !== (b < 0n);
  const absA = a < 0n ? -a : a;
  const absB = b < 0n ? -b : b;
  const q = (absA + absB / 2n) / absB;
  return negative ? -q : q;
}
