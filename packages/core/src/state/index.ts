import { CouplingSchema } from './Coupling';
import { MappingLeaseSchema } from './MappingLease';
import { MappingStateSchema } from './MappingState';
import { MergeBaseLayoutSchema } from './MergeBaseLayout';
import { MergeBaseValueSchema } from './MergeBaseValue';
import { MissingOptionValueSchema, OptionMappingSchema, RemovedOptionDefaultSchema } from './OptionMapping';
import { ScheduleEntrySchema } from './ScheduleEntry';
import { SyncJobErrorSchema } from './SyncJobError';
import { SyncJobSchema } from './SyncJob';

export * from './Coupling';
export * from './SyncJob';
export * from './SyncJobError';
export * from './MappingState';
export * from './OptionMapping';
export * from './ScheduleEntry';
export * from './MappingLease';
export * from './MappingLeases';
export * from './inTransaction';

/** Every state entity; the host adds them to the state database's MikroORM config. */
export const stateEntities = [
  CouplingSchema,
  SyncJobSchema,
  SyncJobErrorSchema,
  MappingStateSchema,
  OptionMappingSchema,
  RemovedOptionDefaultSchema,
  MissingOptionValueSchema,
  ScheduleEntrySchema,
  MappingLeaseSchema,
  MergeBaseLayoutSchema,
  MergeBaseValueSchema,
];
