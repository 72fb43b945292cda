export * from './generate.js';
export * from './server.js';
