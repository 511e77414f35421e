export * from './RequestThrottle';
export * from './ThrottleRegistry';
