#!/usr/bin/env node
// The npm registry this project is built against serves only the Linux builds of some
// platform-specific packages (@biomejs/cli-*, @turbo/*). `npm install` then leaves the others
// out of package-lock.json while still listing them as optional dependencies, and `npm ci`
// refuses the lock. This drops the optional-dependency names that have no entry in the lock.
// Run it after every `npm install` that changes package-lock.json.
import { readFileSync, writeFileSync } from 'node:fs';

const path = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(path, 'utf8'));
let removed = 0;
for (const entry of Object.values(lock.packages)) {
  for (const name of Object.keys(entry.optionalDependencies ?? {})) {
    if (!(`node_modules/${name}` in lock.packages)) {
      delete entry.optionalDependencies[name];
      removed++;
    }
  }
}
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`fix-lockfile: removed ${removed} optional dependencies that have no lock entry`);
