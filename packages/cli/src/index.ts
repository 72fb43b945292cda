export * from './config.js';
export * from './main.js';
