export * from './contract.js';
export { documentId, ElasticsearchStore, type ElasticsearchStoreOptions, ES_SCHEMA_VERSION } from './elasticsearch.js';
export { STORE_UNAVAILABLE } from './elasticsearch-transport.js';
export * from './open.js';
export { MAX_SEARCH_WINDOW, monthSpan } from './shared.js';
export * from './sqlite.js';
export { checkSqliteFile, type IntegrityReport, QUICK_CHECK_MAX_BYTES, STORE_CORRUPT } from './sqlite-integrity.js';
