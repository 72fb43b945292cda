export * from './periods.js';
export * from './stats.js';
