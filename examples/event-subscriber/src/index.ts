export * from './rules/upperCaseAccountNames';
export * from './rules/refuseBlockedItems';
export * from './rules/accountNumberFromCustomer';
export * from './rules/reportConflicts';
export * from './HouseRulesPlugin';
