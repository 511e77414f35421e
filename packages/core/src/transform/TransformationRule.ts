import type { TransformStep } from '../model/FieldMapping';
import { didYouMean } from '../util/closestName';

/** A transformation rule: turns a source value into the value to write, given the step's arguments. */
export type TransformationRule = (value: unknown, step: TransformStep) => unknown;

/**
 * Checks a step's arguments when the host boots, before any record is read: returns one line per problem (empty when
 * the step is fine), each saying what is wrong and how to fix it.
 */
export type TransformationRuleCheck = (step: TransformStep) => string[];

/** One argument of a rule: its kind and whether the step must give it. */
export interface RuleArgument {
  type: 'text' | 'wholeNumber';
  required?: boolean;
  /** A whole number must be at least this. */
  min?: number;
}

/**
 * A check from a small schema of a rule's arguments: each named argument must have its kind, required ones must be
 * there, and any other argument is refused (a misspelt name would otherwise be ignored). `extra` adds checks the
 * schema cannot say, such as a regular expression that must compile.
 */
export function argumentCheck(schema: Readonly<Record<string, RuleArgument>>, extra?: TransformationRuleCheck): TransformationRuleCheck {
  return (step) => {
    const problems: string[] = [];
    for (const key of Object.keys(step)) {
      if (key !== 'rule' && !Object.hasOwn(schema, key)) {
        const known = Object.keys(schema);
        problems.push(`unknown argument "${key}"${didYouMean(key, known)}; ${known.length ? `it takes ${known.map((k) => `"${k}"`).join(', ')}` : 'it takes no arguments'}`);
      }
    }
    for (const [name, argument] of Object.entries(schema)) {
      const value = step[name];
      if (value === undefined) {
        if (argument.required) problems.push(`needs a ${argument.type === 'text' ? 'text' : 'whole-number'} argument "${name}"`);
      } else if (argument.type === 'text' && typeof value !== 'string') {
        problems.push(`argument "${name}" must be text, not ${JSON.stringify(value)}`);
      } else if (argument.type === 'wholeNumber' && (!Number.isInteger(value) || (argument.min !== undefined && (value as number) < argument.min))) {
        problems.push(`argument "${name}" must be a whole number${argument.min !== undefined ? ` of at least ${argument.min}` : ''}, not ${JSON.stringify(value)}`);
      }
    }
    if (problems.length === 0 && extra) problems.push(...extra(step));
    return problems;
  };
}

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

const regexCheck: TransformationRuleCheck = (step) => {
  try {
    new RegExp(step.pattern as string, (step.flags as string | undefined) ?? 'g');
    return [];
  } catch (error) {
    return [`invalid regular expression ${JSON.stringify(step.pattern)}${step.flags === undefined ? '' : ` with flags ${JSON.stringify(step.flags)}`}: ${(error as Error).message}`];
  }
};

/** The argument check of each built-in rule, next to the rules below; the host runs them at boot. */
export const builtInRuleChecks: Readonly<Record<string, TransformationRuleCheck>> = Object.freeze({
  trim: argumentCheck({}),
  upper: argumentCheck({}),
  lower: argumentCheck({}),
  titleCase: argumentCheck({}),
  substring: argumentCheck({ start: { type: 'wholeNumber', min: 1 }, length: { type: 'wholeNumber', min: 0 } }),
  replace: argumentCheck({ find: { type: 'text', required: true }, replace: { type: 'text', required: true } }, (step) =>
    step.find === '' ? ['argument "find" must not be empty (it would match between every character)'] : [],
  ),
  regexReplace: argumentCheck(
    { pattern: { type: 'text', required: true }, replace: { type: 'text', required: true }, flags: { type: 'text' } },
    regexCheck,
  ),
  removeNonAlphanumeric: argumentCheck({}),
});

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
