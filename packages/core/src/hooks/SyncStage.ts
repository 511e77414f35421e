/**
 * Named stages for ordering taps (`tap({ name, stage })`); lower runs first. Order taps by these, never by import
 * or registration order.
 */
export const SyncStage = {
  /** Checks that may veto before anything else runs. */
  VALIDATE: -200,
  /** Translating values between the two systems' representations. */
  TRANSLATE: -100,
  /** The default stage. */
  DEFAULT: 0,
  /** Deriving further values from translated ones. */
  ENRICH: 100,
  /** Observers: logging, metrics, reports. */
  OBSERVE: 1000,
} as const;

/** The key of the hooks in a per-mapping `HookMap` that run for every mapping. */
export const EVERY_MAPPING = '*';
