export * from './constants';
export * from './errors';
export * from './SalespersonUserOptions';
export * from './salespeopleMapping';
export * from './SalespersonCodeSeries';
export * from './SalespersonUserPlugin';
