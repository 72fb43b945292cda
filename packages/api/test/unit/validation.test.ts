import { SqliteStore } from '@skillpulse/store';
import { getDefaultTaxonomy } from '@skillpulse/taxonomy';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { type SchemaError, schemaErrorFormatter } from '../../src/validation.js';

/** A failed keyword as AJV reports it with `verbose: true`, for the parameter `name` of `schema`. */
const failed = (name: string, keyword: string, schema: Record<string, unknown>, data: unknown): SchemaError => ({
  keyword,
  instancePath: `/${name}`,
  schemaPath: `#/properties/${name}/${keyword}`,
  params: {},
  data,
  parentSchema: schema,
});

describe('schemaErrorFormatter: text of a fixed form', () => {
  it('says what a titled parameter is, with its examples, instead of its length or pattern', () => {
    const currency = {
      type: 'string',
      pattern: '^[A-Za-z]{3}$',
      title: 'an ISO 4217 currency code of three letters',
      examples: ['USD', 'EUR'],
    };
    expect(schemaErrorFormatter([failed('currency', 'pattern', currency, 'dollars')], 'querystring').message).toBe(
      'currency: "dollars" is not an ISO 4217 currency code of three letters (e.g. USD, EUR)',
    );
  });

  it('names one length as exactly that length', () => {
    const code = { type: 'string', minLength: 3, maxLength: 3 };
    expect(schemaErrorFormatter([failed('code', 'maxLength', code, 'dollars')], 'querystring').message).toBe(
      'code must be text of exactly 3 characters (got "dollars")',
    );
  });
});

/** OpenAPI moves a schema's `examples` to the parameter: `examples` (several) or `example` (one). */
type Parameter = { name: string; in: string; schema?: Record<string, unknown>; examples?: object; example?: unknown };

describe('every API parameter of a fixed form says what it is', () => {
  // Builds the whole app (taxonomy, routes): seconds on a loaded machine.
  it('has a title and examples: a pattern or a single length says nothing to a user', { timeout: 60_000 }, async () => {
    const store = new SqliteStore({ path: ':memory:' });
    const app = await buildApp({ store, taxonomy: getDefaultTaxonomy() });
    try {
      await app.ready();
      const paths = (app.swagger() as { paths: Record<string, Record<string, { parameters?: Parameter[] }>> }).paths;
      const fixed: string[] = [];
      const unnamed: string[] = [];
      for (const [path, methods] of Object.entries(paths)) {
        for (const [method, operation] of Object.entries(methods)) {
          for (const parameter of operation.parameters ?? []) {
            const schema = parameter.schema ?? {};
            const oneLength = schema.minLength !== undefined && schema.minLength === schema.maxLength;
            if (schema.pattern === undefined && !oneLength) continue;
            const where = `${method.toUpperCase()} ${path} ${parameter.in} ${parameter.name}`;
            fixed.push(where);
            const examples = parameter.example !== undefined || Object.keys(parameter.examples ?? {}).length > 0;
            if (typeof schema.title !== 'string' || !examples) unnamed.push(where);
          }
        }
      }
      // The check sees them (currency, the job id), and every one is named.
      expect(fixed).toEqual(expect.arrayContaining(['GET /api/salary query currency', 'POST /api/jobs/{id}/run path id']));
      expect(unnamed).toEqual([]);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
