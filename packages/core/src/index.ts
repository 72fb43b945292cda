export * from './closest.js';
export * from './error-table.js';
export * from './errors.js';
export * from './html.js';
export * from './logger.js';
export * from './posting.js';
