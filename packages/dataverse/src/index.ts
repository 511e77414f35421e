export * from './tables/index';
export * from './generator/index';
export * from './client/index';
export * from './store/index';
