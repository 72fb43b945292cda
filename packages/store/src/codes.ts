/** Code of every "the store does not answer" error: 503 in the API, while the store is unreachable. */
export const STORE_UNAVAILABLE = 'SKILLPULSE_ERR_STORE_UNAVAILABLE';

/**
 * Code of a damaged store: a file that is not a SQLite database or fails its integrity check
 * (refused at open), a damaged page met by a query, or Elasticsearch shards that fail a search.
 * 503 in the API, with how to recover in the message.
 */
export const STORE_CORRUPT = 'SKILLPULSE_ERR_STORE_CORRUPT';
