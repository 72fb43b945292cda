export * from './common.js';
export * from './errors.js';
export * from './health.js';
export * from './jobs.js';
export * from './reports.js';
