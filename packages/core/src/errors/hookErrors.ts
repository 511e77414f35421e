import { ErrorCodes, TandemError } from './TandemError';

/** Message factories for errors raised when a hook is tapped (Fastify's catalogue style, next to their codes). */
export const HookErrors = {
  fieldsInvalid: (hook: string, tap: string, problem: string) =>
    new TandemError(
      ErrorCodes.HOOK_OPTION_INVALID,
      `Hook ${hook}, tap "${tap}": the option "fields" must be an array of destination field names (non-empty strings) ` +
        `or a function (target) => boolean; ${problem}. Fix the tap's options, or leave "fields" out to hear every field`,
    ),
} as const;
