export * from './dedupe.js';
export * from './ingest.js';
export * from './job.js';
export * from './reextract.js';
