/** Where Tandem reads the time (lease expiry); a host option, so tests and simulations can move time. */
export interface Clock {
  now(): Date;
}

/** The system clock: the default. */
export const systemClock: Clock = { now: () => new Date() };
