import type { TransformStep } from '../model/FieldMapping';

/** A transformation rule: turns a source value into the value to write, given the step's arguments. */
export type TransformationRule = (value: unknown, step: TransformStep) => unknown;

function text(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

function onText(fn: (value: string, step: TransformStep) => string): TransformationRule {
  return (value, step) => {
    const input = text(value);
    return input === null ? input : fn(input, step);
  };
}

function requireString(step: TransformStep, name: string): string {
  const value = step[name];
  if (typeof value !== 'string') throw new Error(`rule "${step.rule}" needs a text argument "${name}"`);
  return value;
}

function requireInteger(step: TransformStep, name: string, fallback?: number): number {
  const value = step[name] ?? fallback;
  if (!Number.isInteger(value)) throw new Error(`rule "${step.rule}" needs a whole-number argument "${name}"`);
  return value as number;
}

/** The built-in rules (BC's Transformation Rule types that apply to text). */
export const builtInTransformationRules: Readonly<Record<string, TransformationRule>> = Object.freeze({
  trim: onText((v) => v.trim()),
  upper: onText((v) => v.toUpperCase()),
  lower: onText((v) => v.toLowerCase()),
  titleCase: onText((v) => v.toLowerCase().replace(/(^|[\s\-_'])(\p{L})/gu, (_, gap: string, letter: string) => gap + letter.toUpperCase())),
  /** `start` is 1-based like BC; `length` is optional. */
  substring: onText((v, step) => {
    const start = requireInteger(step, 'start', 1);
    const length = step.length === undefined ? undefined : requireInteger(step, 'length');
    return v.substr(Math.max(start - 1, 0), length);
  }),
  replace: onText((v, step) => v.split(requireString(step, 'find')).join(requireString(step, 'replace'))),
  regexReplace: onText((v, step) => {
    const flags = typeof step.flags === 'string' ? step.flags : 'g';
    return v.replace(new RegExp(requireString(step, 'pattern'), flags), requireString(step, 'replace'));
  }),
  removeNonAlphanumeric: onText((v) => v.replace(/[^\p{L}\p{N}]/gu, '')),
});

/** Applies transformation steps in order; a rule that throws names the rule in its message. */
export function applyTransformations(
  value: unknown,
  steps: readonly TransformStep[],
  rules: ReadonlyMap<string, TransformationRule>,
): unknown {
  let current = value;
  for (const step of steps) {
    const rule = rules.get(step.rule);
    if (!rule) throw new Error(`unknown transformation rule "${step.rule}"`);
    current = rule(current, step);
  }
  return current;
}
