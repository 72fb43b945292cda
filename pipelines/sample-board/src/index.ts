export * from './generate.js';
export * from './server.js';
export * from './source.js';
