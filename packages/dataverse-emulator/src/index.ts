export { startEmulator } from './startEmulator';
export type { BaseCurrency, EmulatorOptions, RunningEmulator } from './EmulatorOptions';
export type { EmulatorKnobs, FaultPhase, ThrottleKnob, RateThrottle, WindowThrottle } from './faults/Knobs';
export type { EmulatorStats } from './server/EmulatorStats';
export type { EmulatorLimits } from './server/EmulatorLimits';
export {
  DEFAULT_LIMITS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_HEADER_BYTES,
  DEFAULT_MAX_JSON_DEPTH,
  DEFAULT_MAX_FILTER_DEPTH,
  DEFAULT_MAX_FILTER_TERMS,
  DEFAULT_MAX_IN_VALUES,
  MAX_SQL_PARAMETERS,
} from './server/EmulatorLimits';
export { DEFAULT_BUSY_TIMEOUT_MS } from './storage/EmulatorDatabase';
export type { EmulatorUser } from './auth/EmulatorUser';
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_TENANT_ID,
  DEFAULT_USER_ID,
  DEFAULT_BUSINESS_UNIT_ID,
  DEFAULT_ORGANIZATION_ID,
  DEFAULT_APPLICATION_ID,
  DEFAULT_BASE_CURRENCY_ID,
} from './auth/EmulatorUser';
export { ServiceError } from './errors/ServiceError';
