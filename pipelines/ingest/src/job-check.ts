import { closestMatch } from '@skillpulse/core';
import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { Settings } from 'typebox/system';
import { HTTP_URL_FORMAT, JobFileShellSchema, SOURCE_SCHEMAS, SOURCE_TYPES, type SourceType } from './job-schema.js';

/** One thing wrong in a job file: the key path (`source.apiBase`, `source.urls[0]`) and what would be right. */
export interface JobProblem {
  path: string;
  problem: string;
}

// JSON Schema as plain data, for reading descriptions, bounds and examples.
// biome-ignore lint/suspicious/noExplicitAny: schemas are walked as plain JSON
type Json = Record<string, any>;

const validators = new Map<TSchema, Validator>();

/** Every schema error (TypeBox stops at 8 by default; a job file should show all of its problems). */
function schemaErrors(schema: TSchema, value: unknown): TLocalizedValidationError[] {
  let validator = validators.get(schema);
  if (!validator) {
    validator = Compile(schema) as unknown as Validator;
    validators.set(schema, validator);
  }
  if (validator.Check(value)) return [];
  const before = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: 1000 });
  try {
    return validator.Errors(value);
  } finally {
    Settings.Set({ maxErrors: before });
  }
}

const isMapping = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const segmentsOf = (pointer: string): string[] =>
  pointer === ''
    ? []
    : pointer
        .slice(1)
        .split('/')
        .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));

function pathOf(prefix: string, segments: string[]): string {
  let path = prefix;
  for (const segment of segments) path += /^\d+$/.test(segment) ? `[${segment}]` : path === '' ? segment : `.${segment}`;
  return path;
}

const childPath = (parent: string, key: string) => (parent === '' ? key : `${parent}.${key}`);

function schemaAt(root: Json, segments: string[]): Json | undefined {
  let schema: Json | undefined = root;
  for (const segment of segments) {
    if (schema === undefined) return undefined;
    schema = schema.type === 'array' ? schema.items : schema.properties?.[segment];
  }
  return schema;
}

function valueAt(root: unknown, segments: string[]): unknown {
  let value = root;
  for (const segment of segments)
    value = isMapping(value) || Array.isArray(value) ? (value as Record<string, unknown>)[segment] : undefined;
  return value;
}

/** A received value as the user wrote it: `42`, `"leverr"`, `a list`. */
function shown(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (Array.isArray(value)) return 'a list';
  if (isMapping(value)) return 'a mapping';
  return String(value);
}

const num = (n: number) => String(n);

function range(schema: Json): string {
  const low = schema.minimum ?? schema.exclusiveMinimum;
  const lowText = schema.minimum !== undefined ? `at least ${num(low)}` : `greater than ${num(low)}`;
  if (schema.type === 'integer' && schema.minimum !== undefined && schema.maximum !== undefined)
    return ` from ${num(schema.minimum)} to ${num(schema.maximum)}`;
  if (low !== undefined && schema.maximum !== undefined) return ` ${lowText} and at most ${num(schema.maximum)}`;
  if (low !== undefined) return ` of ${lowText}`;
  if (schema.maximum !== undefined) return ` of at most ${num(schema.maximum)}`;
  return '';
}

/** What a value of this schema must be, as the end of "must be …". */
export function expectation(schema: Json | undefined, keyword = 'type'): string {
  if (schema === undefined) return 'valid';
  if (schema.enum) return `one of: ${schema.enum.join(', ')}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.format === HTTP_URL_FORMAT) return 'an http(s) URL';
  if (schema.format === 'regex') return 'a regular expression';
  switch (schema.type) {
    case 'string':
      if (keyword === 'pattern' && schema.patternText) return schema.patternText;
      if (keyword === 'maxLength') return `a string of at most ${schema.maxLength} characters`;
      return keyword === 'minLength' ? 'a non-empty string' : 'a string';
    case 'boolean':
      return 'true or false';
    case 'integer':
      return `an integer${range(schema)}`;
    case 'number':
      return `a number${range(schema)}`;
    case 'array': {
      const item = expectation(schema.items).replace(/^an? /, '');
      const list = `a list of ${item.replace(/^(string|integer|http\(s\) URL|regular expression)\b/, '$1s')}`;
      return schema.minItems ? `${list}, at least ${schema.minItems}` : list;
    }
    case 'object':
      return `a mapping of keys (${Object.keys(schema.properties ?? {}).join(', ')})`;
    default:
      return 'valid';
  }
}

function leafProblem(schema: Json | undefined, keyword: string, value: unknown): string {
  if (keyword === 'minItems' && Array.isArray(value) && value.length === 0) return `must not be empty (${expectation(schema)})`;
  if (keyword === 'minLength' && value === '') return 'must not be empty';
  if (keyword === 'format' && schema?.format === 'regex' && typeof value === 'string') {
    let reason = '';
    try {
      new RegExp(value);
    } catch (error) {
      reason = `: ${(error as Error).message}`;
    }
    return `must be a regular expression (got ${shown(value)}${reason})`;
  }
  return `must be ${expectation(schema, keyword)} (got ${shown(value)})`;
}

/** `is missing (the board name, as in …; e.g. "acme")`, from the key's description and example. */
function missing(schema: Json | undefined): string {
  const description = typeof schema?.description === 'string' ? schema.description.replace(/\.$/, '').replaceAll('`', '') : '';
  const parts = [
    /^[A-Z][a-z]/.test(description) ? `${description.charAt(0).toLowerCase()}${description.slice(1)}` : description,
    schema?.examples?.[0] !== undefined ? `e.g. ${JSON.stringify(schema.examples[0])}` : '',
  ];
  const detail = parts.filter(Boolean).join('; ');
  return detail ? `is missing (${detail})` : 'is missing';
}

/** Every key path a schema allows, e.g. `options.allowPrivateNetwork`. */
function keyPaths(schema: Json, prefix: string): string[] {
  const paths: string[] = [];
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Json)) {
    const path = childPath(prefix, key);
    paths.push(path);
    if (child.type === 'object') paths.push(...keyPaths(child, path));
  }
  return paths;
}

const lastKey = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** `unknown key; did you mean …?` with the closest allowed key here, or the same key elsewhere. */
function unknownKey(parent: string, key: string, here: string[], everywhere: string[]): string {
  const suggest = (paths: string[]) => `unknown key; did you mean ${[...new Set(paths)].join(' or ')}?`;
  const lower = key.toLowerCase();
  const sameHere = here.find((k) => k.toLowerCase() === lower);
  if (sameHere) return suggest([childPath(parent, sameHere)]);
  const sameElsewhere = everywhere.filter((p) => lastKey(p).toLowerCase() === lower);
  if (sameElsewhere.length > 0) return suggest(sameElsewhere);
  const near = closestMatch(key, here);
  if (near) return suggest([childPath(parent, near)]);
  const far = closestMatch(key, everywhere.map(lastKey));
  if (far) return suggest(everywhere.filter((p) => lastKey(p) === far));
  return here.length > 0 ? `unknown key; the keys allowed here are: ${here.join(', ')}` : 'unknown key; nothing is allowed here';
}

/** Schema errors of `value` as problems; `prefix` is the key path of `value` in the document. */
function translate(root: Json, value: unknown, prefix: string, everywhere: string[]): JobProblem[] {
  const problems: JobProblem[] = [];
  for (const error of schemaErrors(root as TSchema, value)) {
    const segments = segmentsOf(error.instancePath);
    const path = pathOf(prefix, segments);
    const schema = schemaAt(root, segments);
    if (error.keyword === 'boolean') continue; // the additionalProperties error names the key
    if (error.keyword === 'additionalProperties') {
      const here = Object.keys(schema?.properties ?? {});
      for (const key of error.params.additionalProperties)
        problems.push({ path: childPath(path, key), problem: unknownKey(path, key, here, everywhere) });
      continue;
    }
    if (error.keyword === 'required') {
      for (const key of error.params.requiredProperties)
        problems.push({ path: childPath(path, key), problem: missing(schema?.properties?.[key]) });
      continue;
    }
    const found = valueAt(value, segments);
    const key = segments.at(-1);
    const parent = schemaAt(root, segments.slice(0, -1));
    // YAML writes an empty value as null: an optional key left empty is the same as no key.
    if (found === null && key !== undefined && parent?.type === 'object') {
      if (!parent.required?.includes(key)) continue;
      if (!problems.some((p) => p.path === path)) problems.push({ path, problem: missing(schema) });
      continue;
    }
    if (problems.some((p) => p.path === path)) continue;
    problems.push({ path, problem: leafProblem(schema, error.keyword, found) });
  }
  return problems;
}

/**
 * Checks a parsed job document against the job-file schema: the top level first, then `source`
 * against the schema of its `type`. Returns every problem (empty when the document is valid).
 */
export function checkJobDocument(doc: unknown): JobProblem[] {
  if (!isMapping(doc)) return [{ path: 'document', problem: `must be a mapping of keys (id, source, schedule, …) (got ${shown(doc)})` }];
  const source = doc.source;
  const type = isMapping(source) ? source.type : undefined;
  const known = (SOURCE_TYPES as readonly unknown[]).includes(type) ? (type as SourceType) : undefined;
  const sourceSchemas = known ? [SOURCE_SCHEMAS[known]] : Object.values(SOURCE_SCHEMAS);
  const everywhere = [
    ...new Set([...keyPaths(JobFileShellSchema as Json, ''), ...sourceSchemas.flatMap((schema) => keyPaths(schema as Json, 'source'))]),
  ];
  const problems = translate(JobFileShellSchema as Json, doc, '', everywhere);
  if (source === undefined) return problems; // the shell reports it missing
  if (source === null) {
    problems.push({ path: 'source', problem: missing((JobFileShellSchema as Json).properties.source) });
  } else if (!isMapping(source)) {
    problems.push({ path: 'source', problem: `must be a mapping with type: and the keys of that source type (got ${shown(source)})` });
  } else if (type === undefined || type === null) {
    problems.push({ path: 'source.type', problem: `is missing (one of: ${SOURCE_TYPES.join(', ')})` });
  } else if (!known) {
    const near = typeof type === 'string' ? closestMatch(type, SOURCE_TYPES) : undefined;
    problems.push({
      path: 'source.type',
      problem: `must be one of: ${SOURCE_TYPES.join(', ')} (got ${shown(type)})${near ? `; did you mean ${near}?` : ''}`,
    });
  } else {
    problems.push(...translate(SOURCE_SCHEMAS[known] as Json, source, 'source', everywhere));
  }
  return problems;
}
