export { startEmulator } from './startEmulator';
export type { EmulatorOptions, RunningEmulator } from './EmulatorOptions';
export type { EmulatorKnobs, FaultPhase, ThrottleKnob, RateThrottle, WindowThrottle } from './faults/Knobs';
export type { EmulatorStats } from './server/EmulatorStats';
export type { EmulatorUser } from './auth/EmulatorUser';
export {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_TENANT_ID,
  DEFAULT_USER_ID,
  DEFAULT_BUSINESS_UNIT_ID,
  DEFAULT_ORGANIZATION_ID,
} from './auth/EmulatorUser';
export { ServiceError } from './errors/ServiceError';
