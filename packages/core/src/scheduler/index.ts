export * from './backoff';
export * from './jobsChanged';
export * from './newestBusinessChange';
export * from './Worker';
export * from './WorkerOptions';
