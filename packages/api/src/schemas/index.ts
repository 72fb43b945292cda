export * from './common.js';
export * from './errors.js';
export * from './health.js';
export * from './jobs.js';
export * from './places.js';
export * from './reports.js';
export * from './roles.js';
export * from './salary.js';
