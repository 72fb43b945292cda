#!/usr/bin/env node
// Only the version check is imported statically: better-sqlite3's prebuilt binary crashes an unsupported
// Node.js with a segmentation fault, so the version is checked before any module that could load it.
import { nodeVersionProblem } from './node-version.js';

const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exitCode = 1;
} else {
  const { main } = await import('./cli.js');
  process.exitCode = await main(process.argv.slice(2), process.env, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
