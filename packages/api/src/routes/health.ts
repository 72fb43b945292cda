import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StoreError } from '@skillpulse/core';
import { cachedInfo, type ReportContext } from '../reports/index.js';
import { errorResponses, Health } from '../schemas/index.js';

/** A probe answers within this: a store slower than that is reported unavailable (503), not waited for. */
const HEALTH_TIMEOUT_MS = 1000;

/** The store's answer, or a STORE_UNAVAILABLE error once HEALTH_TIMEOUT_MS have passed. */
async function withinHealthTimeout<T>(work: Promise<T>, backend: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new StoreError(`store unavailable: the ${backend} store did not answer within ${HEALTH_TIMEOUT_MS} ms`, {
            code: 'SKILLPULSE_ERR_STORE_UNAVAILABLE',
          }),
        ),
      HEALTH_TIMEOUT_MS,
    );
  });
  // The late answer (or failure) of the store is dropped; the next probe asks again.
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncTypebox<{ context: ReportContext }> = async (app, { context }) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness, store backend and posting counts',
        response: {
          200: Health,
          ...errorResponses(503),
        },
      },
    },
    async () => {
      // Counted once per change of the data: a full count takes 0.2 s at 100,000 postings, too slow for a probe.
      const { info } = await withinHealthTimeout(cachedInfo(context), context.store.backend);
      return {
        status: 'ok' as const,
        backend: info.backend,
        postings: info.postings,
        uniquePostings: info.uniquePostings,
        taxonomyVersion: context.taxonomy.version,
      };
    },
  );
};
