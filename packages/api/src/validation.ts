import { closestMatch } from '@skillpulse/core';

/**
 * Turns AJV's errors for a request into one sentence per bad parameter, naming it, what it accepts
 * and what it received: `interval must be one of: day, week, month, quarter, year (got "fortnight")`.
 * AJV reports a union of literals as one error per branch plus "must match a schema in anyOf", and
 * a number out of range as a bare "must be <= 200"; the sentence is built instead from the
 * parameter's whole schema, so it is the same whichever keyword failed. Needs AJV's `verbose`
 * option (errors carry the data and the schemas).
 */

/** The part of an AJV error object this reads (with `verbose: true`). */
export interface SchemaError {
  keyword: string;
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message?: string;
  data?: unknown;
  parentSchema?: unknown;
}

type Schema = {
  type?: string | string[];
  const?: unknown;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  description?: string;
  title?: string;
  examples?: unknown[];
  properties?: Record<string, Schema>;
};

/** Expected shape of the string formats a schema may name. */
const FORMATS: Record<string, string> = {
  date: 'a date (YYYY-MM-DD)',
  'date-time': 'a date and time (e.g. 2025-01-31T12:00:00Z)',
  time: 'a time (HH:MM:SS)',
  uri: 'a URL (e.g. https://example.com/)',
  email: 'an email address',
  uuid: 'a UUID',
};

/** A value quoted as the user sent it; long ones by their length. */
function got(data: unknown): string {
  if (Array.isArray(data)) return `${data.length} values: ${data.map((v) => JSON.stringify(String(v))).join(', ')}`;
  if (data === undefined) return 'nothing';
  const text = String(data);
  if (text === '') return 'an empty value';
  if (text.length > 60) return `${text.length} characters`;
  return JSON.stringify(text);
}

/** The literal values a schema allows, when it is a list of them (a union of consts or an enum). */
function literalsOf(schema: Schema): unknown[] | undefined {
  if (schema.enum) return schema.enum;
  if ('const' in schema) return [schema.const];
  const branches = schema.anyOf ?? schema.oneOf;
  if (!branches) return undefined;
  const values: unknown[] = [];
  for (const branch of branches) {
    const literals = literalsOf(branch);
    if (!literals) return undefined;
    values.push(...literals);
  }
  return values;
}

function range(schema: Schema): string {
  const low = schema.minimum ?? (schema.exclusiveMinimum === undefined ? undefined : `more than ${schema.exclusiveMinimum}`);
  const high = schema.maximum ?? (schema.exclusiveMaximum === undefined ? undefined : `less than ${schema.exclusiveMaximum}`);
  if (typeof low === 'number' && typeof high === 'number') return ` from ${low} to ${high}`;
  const parts = [typeof low === 'number' ? `at least ${low}` : low, typeof high === 'number' ? `at most ${high}` : high].filter(
    (p): p is string => p !== undefined,
  );
  return parts.length > 0 ? ` of ${parts.join(' and ')}` : '';
}

function length(schema: Schema): string {
  const { minLength: min, maxLength: max } = schema;
  if (min !== undefined && min === max) return `text of exactly ${min} characters`;
  if (min !== undefined && max !== undefined)
    return min <= 1 ? `non-empty text of at most ${max} characters` : `text of ${min} to ${max} characters`;
  if (min !== undefined) return min <= 1 ? 'non-empty text' : `text of at least ${min} characters`;
  if (max !== undefined) return `text of at most ${max} characters`;
  return 'text';
}

/**
 * A text parameter of a fixed form (a `pattern`, or one length such as a 3-letter code) says what
 * it is in words: `title` is the noun phrase ("an ISO 4217 currency code of three letters") and
 * `examples` the values shown ("USD", "EUR"); its regular expression or length alone would tell a
 * user nothing ("text of 3 to 3 characters"). Every such parameter has them (a unit test checks
 * the OpenAPI document).
 */
const namedForm = (schema: Schema) =>
  schema.title === undefined
    ? undefined
    : `${schema.title}${schema.examples?.length ? ` (e.g. ${schema.examples.map(String).join(', ')})` : ''}`;

/** What a schema accepts, as a noun phrase: "one of: a, b", "a whole number from 1 to 200", … */
function describeSchema(schema: Schema): string {
  const named = namedForm(schema);
  if (named) return named;
  const literals = literalsOf(schema);
  if (literals) return literals.length === 1 ? `exactly ${String(literals[0])}` : `one of: ${literals.map(String).join(', ')}`;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer') return `a whole number${range(schema)}`;
  if (type === 'number') return `a number${range(schema)}`;
  if (type === 'boolean') return 'true or false';
  if (type === 'string' || type === undefined) {
    if (schema.format) return FORMATS[schema.format] ?? `in ${schema.format} format`;
    if (schema.pattern) return `${length(schema)} matching ${schema.pattern}`;
    return length(schema);
  }
  return `a value of type ${type}`;
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

/** The top-level parameter an error is about: the first step of its path, or the key it names. */
function parameterOf(error: SchemaError): string {
  if (error.keyword === 'required') return String(error.params.missingProperty);
  if (error.keyword === 'additionalProperties') return String(error.params.additionalProperty);
  const step = error.instancePath.split('/')[1] ?? '';
  return step.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The parameter's own schema: the parent schema of its shallowest error. */
function schemaOf(errors: SchemaError[]): Schema | undefined {
  const depth = (e: SchemaError) => e.schemaPath.split('/').length;
  const shallowest = errors.reduce((best, e) => (depth(e) < depth(best) ? e : best));
  return shallowest.parentSchema as Schema | undefined;
}

function sentence(name: string, errors: SchemaError[]): string {
  const first = errors[0] as SchemaError;
  if (first.keyword === 'additionalProperties') {
    const known = Object.keys((first.parentSchema as Schema | undefined)?.properties ?? {});
    const match = closestMatch(name, known);
    return match === undefined
      ? `unknown parameter "${name}" (known: ${known.join(', ')})`
      : `unknown parameter "${name}"; did you mean "${match}"?`;
  }
  if (first.keyword === 'required') {
    const schema = (first.parentSchema as Schema | undefined)?.properties?.[name];
    if (!schema) return `${name} is required`;
    if (literalsOf(schema)) return `${name} is required and must be ${describeSchema(schema)}`;
    return `${name} is required: ${schema.description ? lowerFirst(schema.description) : describeSchema(schema)}`;
  }
  const data = errors.find((e) => 'data' in e)?.data;
  if (Array.isArray(data)) return `${name} must be given once (got ${got(data)})`;
  const schema = schemaOf(errors);
  if (!schema) return `${name} ${first.message ?? 'is not valid'} (got ${got(data)})`;
  const named = namedForm(schema);
  if (named) return `${name}: ${got(data)} is not ${named}`;
  return `${name} must be ${describeSchema(schema)} (got ${got(data)})`;
}

/** One sentence per bad parameter, in the order AJV found them, joined with "; ". */
function validationMessage(errors: readonly SchemaError[]): string {
  const byParameter = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const name = parameterOf(error);
    const list = byParameter.get(name) ?? [];
    list.push(error);
    byParameter.set(name, list);
  }
  return [...byParameter].map(([name, list]) => sentence(name, list)).join('; ');
}

/** Fastify's `schemaErrorFormatter`: the Error it returns becomes the 400's message (see errors.ts). */
export function schemaErrorFormatter(errors: readonly SchemaError[], _dataVar: string): Error {
  return new Error(validationMessage(errors));
}

/**
 * AJV turns the query text `Infinity` or `1e309` into the number Infinity and then skips the
 * range keywords (`minimum`, `maximum`), which it applies to finite numbers only, so such a value
 * would pass any integer schema. This finds them before validation: one sentence per numeric
 * parameter (of `schema`'s properties) whose text is a number too large to be one, or undefined.
 */
export function nonFiniteMessage(schema: unknown, values: unknown): string | undefined {
  const properties = (schema as Schema | undefined)?.properties;
  if (!properties || typeof values !== 'object' || values === null) return undefined;
  const sentences: string[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const type = Array.isArray(property.type) ? property.type : [property.type];
    if (!type.includes('integer') && !type.includes('number')) continue;
    const value = (values as Record<string, unknown>)[name];
    for (const text of Array.isArray(value) ? value : [value]) {
      if (typeof text !== 'string' || text.trim() === '') continue;
      const number = Number(text);
      if (Number.isNaN(number) || Number.isFinite(number)) continue;
      sentences.push(`${name} must be ${describeSchema(property)} (got ${got(text)})`);
      break;
    }
  }
  return sentences.length > 0 ? sentences.join('; ') : undefined;
}
