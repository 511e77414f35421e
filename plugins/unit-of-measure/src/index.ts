export * from './UnitOfMeasurePlugin';
export * from './unitOfMeasureMapping';
export * from './unitGroupName';
export * from './unitGroupUnits';
export * from './UnitGroupRules';
export * from './errors';
