export * from './DataverseErrors';
export * from './errorFromResponse';
export * from './parseRetryAfter';
export * from './redactSecrets';
