#!/usr/bin/env node
// The `skillpulse` command as npm links it (npx skillpulse, node_modules/.bin/skillpulse). It is
// committed, so the link exists on a fresh clone before anything is built; it checks the Node.js
// version (plain JavaScript, no imports that could load a native module) and loads the build.
import { existsSync } from 'node:fs';

const MIN_NODE_MAJOR = 22;
const major = Number.parseInt(process.versions.node, 10);
const entry = new URL('../dist/main.js', import.meta.url);

if (!(major >= MIN_NODE_MAJOR)) {
  process.stderr.write(`SkillPulse needs Node.js ${MIN_NODE_MAJOR} or newer (found ${process.versions.node}); see README "Requirements"\n`);
  process.exitCode = 1;
} else if (!existsSync(entry)) {
  process.stderr.write('skillpulse: packages/cli/dist/main.js is missing: run npm run build first (at the root of the repository)\n');
  process.exitCode = 1;
} else {
  await import(entry.href);
}
