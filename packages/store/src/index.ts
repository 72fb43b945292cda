export * from './contract.js';
export { documentId, ElasticsearchStore, type ElasticsearchStoreOptions, ES_SCHEMA_VERSION } from './elasticsearch.js';
export * from './open.js';
export { MAX_SEARCH_WINDOW, monthSpan } from './shared.js';
export * from './sqlite.js';
