import { createHash } from 'node:crypto';
import { InvalidInputError } from '@skillpulse/core';
import { pinOfDataVersion, type SkillStore } from '@skillpulse/store';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** An analytics route: answers depend only on the URL and the stored data, so they get an ETag and are cached. */
    analytics?: boolean;
  }
  interface FastifyRequest {
    analyticsCache?: { key: string; version: string; etag: string };
  }
}

interface Entry {
  version: string;
  etag: string;
  contentType: string;
  body: string;
}

export interface ResponseCacheOptions {
  store: SkillStore;
  /** Most responses kept; the least recently used go first. */
  maxEntries?: number;
}

/**
 * ETags and a response cache for analytics routes, keyed on the store's data version: a report is
 * computed once per change of the data, and a client holding the current one gets a 304.
 */
const responseCache: FastifyPluginAsync<ResponseCacheOptions> = async (app, { store, maxEntries = 500 }) => {
  const entries = new Map<string, Entry>();

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'GET' || !request.routeOptions.config.analytics) return;
    const version = await store.dataVersion();
    // Accept decides JSON or CSV, so it is part of the key.
    const key = `${request.url}\n${request.headers.accept ?? ''}`;
    const etag = `W/"${createHash('sha1').update(`${version}\n${key}`).digest('base64url').slice(0, 20)}"`;
    request.analyticsCache = { key, version, etag };
    reply.header('etag', etag).header('cache-control', 'public, no-cache').header('vary', 'accept');
    if (request.headers['if-none-match']?.split(/\s*,\s*/).includes(etag)) return reply.code(304).send();
    const hit = entries.get(key);
    if (hit && hit.version === version) {
      // Re-inserted: the Map's order is the recency order.
      entries.delete(key);
      entries.set(key, hit);
      return reply.header('content-type', hit.contentType).header('x-cache', 'hit').send(hit.body);
    }
  });

  // A pin (asOf=) after the newest posting the store holds would not stay fixed while postings
  // arrive: refused. (A malformed one is refused by the report itself, naming asOf.)
  app.addHook('preHandler', async (request) => {
    const asOf = (request.query as { asOf?: unknown } | undefined)?.asOf;
    const cache = request.analyticsCache;
    if (!cache || typeof asOf !== 'string') return;
    const pin = pinOfDataVersion(asOf);
    const newest = pinOfDataVersion(cache.version);
    if (pin === undefined || newest === undefined || pin <= newest) return;
    throw new InvalidInputError(
      `asOf: "${asOf.slice(0, 80)}" is pinned to ${new Date(pin).toISOString()}, after the newest posting this store holds (stored ${new Date(newest).toISOString()}), so it would not stay fixed; give a dataVersion as printed in a report's stamp from this store`,
    );
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const cache = request.analyticsCache;
    // Streams (CSV) are not kept: an export can be larger than memory.
    if (!cache || reply.statusCode !== 200 || typeof payload !== 'string' || reply.getHeader('x-cache') === 'hit') return payload;
    entries.delete(cache.key);
    entries.set(cache.key, {
      version: cache.version,
      etag: cache.etag,
      contentType: String(reply.getHeader('content-type')),
      body: payload,
    });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return payload;
  });
};

export const responseCachePlugin = fp(responseCache, { name: 'skillpulse-response-cache', fastify: '5.x' });
