export * from './cli.js';
export * from './config.js';
