import { SniffingTransport, type TransportRequestOptions, type TransportRequestParams } from '@elastic/elasticsearch';
import { partialResultError, shardFailureError, unavailableError } from './errors.js';

/**
 * Seconds before retry N of a failed connection: 0.1 s, then 0.2 s. The client's default (1-2 s,
 * then 2-4 s) made every request to a stopped server take about 5 s before it failed; a refused
 * connection fails at once, and a restarting server takes far longer than any backoff anyway.
 */
function quickBackoff(_min: number, _max: number, attempt: number): number {
  return Math.min(0.1 * 2 ** (attempt - 1), 0.5);
}

/**
 * The client's transport, with every request's "does not answer" failure coded as
 * STORE_UNAVAILABLE, and failed shards in a search coded as a damaged store (STORE_CORRUPT).
 */
export function storeTransport(url: string): typeof SniffingTransport {
  return class StoreTransport extends SniffingTransport {
    // One signature for the base class's three overloads: the result is passed through unchanged.
    override async request(params: TransportRequestParams, options?: TransportRequestOptions): Promise<never> {
      let result: unknown;
      try {
        result = await super.request(params, { retryBackoff: quickBackoff, ...options });
      } catch (cause) {
        throw unavailableError(url, cause) ?? shardFailureError(url, cause) ?? cause;
      }
      const partial = partialResultError(url, options?.meta ? (result as { body?: unknown }).body : result);
      if (partial) throw partial;
      return result as never;
    }
  };
}
