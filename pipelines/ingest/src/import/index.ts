export * from './csv.js';
export * from './formats.js';
export * from './input.js';
export * from './mapping.js';
export { openImportInWorker } from './reader.js';
export * from './run.js';
export * from './snapshot.js';
