import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** What a new user meets first: the Node.js version check, the `skillpulse` bin, the logs. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'packages/cli/dist/main.js');
const BIN = join(ROOT, 'packages/cli/bin/skillpulse.js');
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A preload that makes this Node.js say it is `version`, and reports every import of a SkillPulse
 * package or of better-sqlite3 (whose native binary crashes an unsupported Node.js).
 */
function fakeNodeVersion(version: string): string {
  const file = join(tmp('skillpulse-node-version-'), 'preload.mjs');
  writeFileSync(
    file,
    `import { registerHooks } from 'node:module';
Object.defineProperty(process.versions, 'node', { value: ${JSON.stringify(version)} });
registerHooks({
  resolve(specifier, context, next) {
    if (/^(@skillpulse\\/|better-sqlite3)/.test(specifier)) process.stderr.write('loaded ' + specifier + '\\n');
    return next(specifier, context);
  },
});
`,
  );
  return file;
}

const NEEDS_22 = /^SkillPulse needs Node\.js 22 or newer \(found [\d.]+\); see README "Requirements"\n$/;

describe('Node.js older than 22', () => {
  it.each([
    ['dist/main.js', MAIN],
    ['bin/skillpulse.js', BIN],
  ])('%s says so in one sentence, exits 1, and loads nothing first', (_name, entry) => {
    const { code, stdout, stderr } = run(['--import', fakeNodeVersion('20.19.5'), entry, 'serve']);
    expect(stderr).toBe('SkillPulse needs Node.js 22 or newer (found 20.19.5); see README "Requirements"\n');
    expect(code).toBe(1);
    expect(stdout).toBe('');
  });

  it('runs as usual on a supported version', () => {
    const { code, stdout, stderr } = run(['--import', fakeNodeVersion('22.0.0'), MAIN, 'taxonomy', 'lookup', 'k8s']);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: 'kubernetes' });
  });

  // The real thing, where the machine has an old Node.js (better-sqlite3 would segfault under it).
  const oldNode = ['/usr/bin/node', '/usr/local/bin/node'].find((path) => {
    if (!existsSync(path)) return false;
    const version = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    return Number.parseInt(version, 10) < 22;
  });
  it.skipIf(!oldNode)('under a real old Node.js of this machine', () => {
    for (const entry of [MAIN, BIN]) {
      const result = spawnSync(oldNode as string, [entry, 'start'], { encoding: 'utf8', timeout: 60_000 });
      expect(result.stderr).toMatch(NEEDS_22);
      expect(result.status).toBe(1);
    }
  });
});

describe('the skillpulse bin', () => {
  it('is a committed, executable file that package.json and package-lock.json both name', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'packages/cli/package.json'), 'utf8'));
    expect(pkg.bin).toEqual({ skillpulse: './bin/skillpulse.js' });
    accessSync(BIN, constants.X_OK);
    expect(readFileSync(BIN, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    // npm ci links the bins the lockfile lists: a stale entry there means no `npx skillpulse`.
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    expect(lock.packages['packages/cli'].bin).toEqual({ skillpulse: 'bin/skillpulse.js' });
  });

  it('runs the built command', () => {
    const { code, stdout } = run([BIN, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^skillpulse — job-market skills analytics/);
  });

  it('says "run npm run build first" before a build', () => {
    const copy = join(tmp('skillpulse-unbuilt-'), 'bin');
    mkdirSync(copy);
    copyFileSync(BIN, join(copy, 'skillpulse.js'));
    const { code, stderr } = run([join(copy, 'skillpulse.js'), '--help']);
    expect(stderr).toBe('skillpulse: packages/cli/dist/main.js is missing: run npm run build first (at the root of the repository)\n');
    expect(code).toBe(1);
  });
});

/** Runs `skillpulse serve` on a free port, asks it one thing, stops it, and returns its stderr. */
async function serveOnce(env: Record<string, string>): Promise<string> {
  const child: ChildProcess = spawn(process.execPath, [MAIN, 'serve', '--port', '0', '--data-dir', tmp('skillpulse-logs-')], {
    env: { PATH: process.env.PATH ?? '', SKILLPULSE_SCHEDULER: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      const match = /SkillPulse dashboard and API: (\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  expect((await fetch(`${url}/api/health`)).status).toBe(200);
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGINT');
  await exited;
  return stderr;
}

describe('logs', () => {
  it('are JSON lines when stderr is not a terminal, the API logging through the same logger', async () => {
    const stderr = await serveOnce({});
    const lines = stderr.trim().split('\n');
    const logs = lines.filter((line) => !line.startsWith('SkillPulse dashboard and API:')).map((line) => JSON.parse(line));
    expect(logs.every((log) => log.program === 'skillpulse' && typeof log.level === 'number')).toBe(true);
    expect(logs.map((log) => log.msg)).toEqual(expect.arrayContaining([expect.stringMatching(/^Server listening at /), 'shutting down']));
    // Fastify's request log lines, with the request id.
    expect(logs.find((log) => log.msg === 'request completed')).toMatchObject({ reqId: expect.any(String), res: { statusCode: 200 } });
  });

  it('are readable lines with SKILLPULSE_LOG_FORMAT=pretty, even when piped', async () => {
    const stderr = await serveOnce({ SKILLPULSE_LOG_FORMAT: 'pretty' });
    expect(stderr).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: Server listening at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(stderr).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: shutting down \{"signal":"SIGINT"\}$/m);
    expect(stderr).not.toMatch(/^\{"level"/m);
  });

  it('refuses a bad SKILLPULSE_LOG_FORMAT, naming it and the allowed values', () => {
    const { code, stderr } = run([MAIN, 'serve'], { SKILLPULSE_LOG_FORMAT: 'text' });
    expect(code).toBe(1);
    expect(stderr).toBe('skillpulse serve: SKILLPULSE_LOG_FORMAT: "text" is not one of auto, json, pretty [SKILLPULSE_ERR_CONFIG]\n');
  });
});
