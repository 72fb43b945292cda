#!/usr/bin/env node
// Adds up the vitest JSON reports of every workspace and prints one closing line,
// "tests: N passed, N failed, N skipped", so CI logs say what ran.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
const { globSync } = await import('node:fs');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const pattern of workspaces) {
  for (const dir of globSync(pattern, { cwd: root })) {
    const file = join(root, dir, 'test-results.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    passed += report.numPassedTests;
    // A file that failed to load has no failed test but a failed suite: count it once.
    failed += report.numFailedTests > 0 ? report.numFailedTests : report.numFailedTestSuites;
    skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exitCode = failed > 0 ? 1 : 0;
