export * from './ingest.js';
export * from './job.js';
