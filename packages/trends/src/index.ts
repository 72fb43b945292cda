export * from './bootstrap.js';
export * from './periods.js';
export * from './quantiles.js';
export * from './quotient.js';
export * from './stats.js';
