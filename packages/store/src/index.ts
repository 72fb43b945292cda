export * from './contract.js';
export * from './open.js';
export * from './sqlite.js';
