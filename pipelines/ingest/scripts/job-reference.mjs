#!/usr/bin/env node
// Writes docs/crawl-jobs.md from the built job-file schema (run `npm run build` first).
// `--check` writes nothing and exits 1 when the committed file differs.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const built = new URL('../dist/job-reference.js', import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  process.stderr.write('pipelines/ingest/dist is missing: run npm run build first\n');
  process.exit(1);
}
const { renderJobReference } = await import(built.href);
const target = fileURLToPath(new URL('../../../docs/crawl-jobs.md', import.meta.url));
const text = renderJobReference();
if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== text) {
    process.stderr.write(`${target} is out of date: run npm run docs:jobs -w @skillpulse/ingest\n`);
    process.exit(1);
  }
  process.stdout.write(`${target} is up to date\n`);
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target}\n`);
}
