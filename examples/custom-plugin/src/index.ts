export * from './Campaign';
export * from './campaignMapping';
export * from './campaignTable';
export * from './errors';
export * from './CampaignPlugin';
