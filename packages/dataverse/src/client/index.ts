export * from './DataverseClient';
export * from './TokenProvider';
export * from './StaticTokenProvider';
export * from './MsalTokenProvider';
export * from './ODataQuery';
export * from './filterToOData';
export * from './odataLiteral';
export * from './BatchRequest';
export * from './BatchResponseParser';
export * from './entityReference';
export * from './retry';
// The errors and the throttle are part of the client's public surface (the package index re-exports this barrel).
export * from '../errors/index';
export * from '../throttle/index';
