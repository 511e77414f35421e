export * from './constants';
export * from './errors';
export * from './opportunityMapping';
export * from './rules/contactAndAccountToCrm';
export * from './rules/contactAndCompanyFromCrm';
export * from './rules/salespersonFromOwner';
export * from './rules/opportunityNumberFromSeries';
export * from './OpportunityPlugin';
