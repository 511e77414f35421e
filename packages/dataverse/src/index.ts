export * from './tables/index';
export * from './generator/index';
export * from './client/index';
export * from './store/index';
// The platform error codes are shared with @tandem/dataverse-emulator (one list for the connector and the emulator).
export * from './errors/PlatformErrorCodes';
