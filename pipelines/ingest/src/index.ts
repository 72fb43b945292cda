export * from './dedupe.js';
export * from './derive.js';
export * from './import/index.js';
export * from './ingest.js';
export * from './job.js';
export * from './job-schema.js';
export * from './reextract.js';
export * from './sources.js';
