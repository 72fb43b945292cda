import { errors, SniffingTransport, type TransportRequestOptions, type TransportRequestParams } from '@elastic/elasticsearch';
import { StoreError } from '@skillpulse/core';

/** Code of every "the store does not answer" error: 503 in the API, while the store is unreachable. */
export const STORE_UNAVAILABLE = 'SKILLPULSE_ERR_STORE_UNAVAILABLE';

/**
 * A refused connection, a timeout or no living node, turned into a StoreError that says which
 * server does not answer and what to do; null for anything else (a 4xx/5xx answer is an answer).
 */
export function unavailableError(url: string, cause: unknown): StoreError | null {
  if (
    !(cause instanceof errors.ConnectionError) &&
    !(cause instanceof errors.TimeoutError) &&
    !(cause instanceof errors.NoLivingConnectionsError)
  ) {
    return null;
  }
  return new StoreError(
    `store unavailable: Elasticsearch at ${url} does not answer (${cause.message}); start it (scripts/elasticsearch.sh start) or fix SKILLPULSE_ES_URL`,
    { cause, code: STORE_UNAVAILABLE },
  );
}

/**
 * Seconds before retry N of a failed connection: 0.1 s, then 0.2 s. The client's default (1-2 s,
 * then 2-4 s) made every request to a stopped server take about 5 s before it failed; a refused
 * connection fails at once, and a restarting server takes far longer than any backoff anyway.
 */
export function quickBackoff(_min: number, _max: number, attempt: number): number {
  return Math.min(0.1 * 2 ** (attempt - 1), 0.5);
}

/** The client's transport, with every request's "does not answer" failure coded as STORE_UNAVAILABLE. */
export function storeTransport(url: string): typeof SniffingTransport {
  return class StoreTransport extends SniffingTransport {
    // One signature for the base class's three overloads: the result is passed through unchanged.
    override async request(params: TransportRequestParams, options?: TransportRequestOptions): Promise<never> {
      try {
        return (await super.request(params, { retryBackoff: quickBackoff, ...options })) as never;
      } catch (cause) {
        throw unavailableError(url, cause) ?? cause;
      }
    }
  };
}
