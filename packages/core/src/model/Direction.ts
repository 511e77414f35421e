/** Which way data flows. `bidirectional` runs `toIntegration` first, then `fromIntegration`. */
export type Direction = 'toIntegration' | 'fromIntegration' | 'bidirectional';

/** The concrete direction of one pass of a run. */
export type SyncDirection = 'toIntegration' | 'fromIntegration';

/** The two systems a mapping pairs: the ERP (`business`) and the CRM (`integration`). */
export type Side = 'business' | 'integration';

export const SYNC_DIRECTIONS: readonly SyncDirection[] = ['toIntegration', 'fromIntegration'];

/** The side a pass reads from. */
export function sourceSide(direction: SyncDirection): Side {
  return direction === 'toIntegration' ? 'business' : 'integration';
}

/** The side a pass writes to. */
export function destinationSide(direction: SyncDirection): Side {
  return direction === 'toIntegration' ? 'integration' : 'business';
}

/** The passes a configured direction runs, in order. */
export function passesOf(direction: Direction): SyncDirection[] {
  return direction === 'bidirectional' ? ['toIntegration', 'fromIntegration'] : [direction];
}

/** True when something configured as `allowed` may run in `direction`. */
export function allows(allowed: Direction, direction: SyncDirection): boolean {
  return allowed === 'bidirectional' || allowed === direction;
}
