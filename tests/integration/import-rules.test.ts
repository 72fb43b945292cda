import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// ARCHITECTURE.md's import rules, checked by dependency-cruiser with the root's .dependency-cruiser.cjs
// (the same check as `npm run lint:imports`, which prints the same violations as text).

const root = fileURLToPath(new URL('../..', import.meta.url));
const CRUISED = ['packages', 'pipelines', 'dashboards', 'tests', 'scripts'];

interface Rule {
  name: string;
  comment?: string;
}
interface CruiseResult {
  summary: {
    violations: Array<{ from: string; to: string; rule: { name: string }; cycle?: Array<{ name: string }> }>;
    ruleSetUsed: { forbidden: Rule[] };
  };
}

describe('import rules (.dependency-cruiser.cjs)', () => {
  it('finds no cycle, forbidden or undeclared import, or deep import', { timeout: 180_000 }, async () => {
    const bin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs');
    const run = promisify(execFile);
    const args = [bin, ...CRUISED, '--config', '.dependency-cruiser.cjs', '--output-type', 'json'];
    // depcruise exits non-zero when it finds violations; the JSON on stdout lists them either way.
    const { stdout } = await run(process.execPath, args, { cwd: root, maxBuffer: 256 * 1024 * 1024 }).catch(
      (error: { stdout?: string; stderr?: string; message: string }) => {
        if (!error.stdout) throw new Error(`depcruise failed: ${error.stderr || error.message}`);
        return { stdout: error.stdout };
      },
    );
    const { summary } = JSON.parse(stdout) as CruiseResult;
    const comments = new Map(summary.ruleSetUsed.forbidden.map((rule) => [rule.name, rule.comment ?? '']));
    const violations = summary.violations.map((v) => {
      const path = v.cycle ? [v.from, ...v.cycle.map((step) => step.name)].join(' → ') : `${v.from} → ${v.to}`;
      return `${v.rule.name}: ${path}\n    ${comments.get(v.rule.name)}`;
    });
    expect(violations, 'run `npm run lint:imports` after `npm run build` for the same list as text').toEqual([]);
  });
});

// ARCHITECTURE.md's table "Packages and what each may import" says what the config enforces.
// Rows not yet updated for a change in flight, with what to do: remove an entry once its row is right.
const PENDING_ROWS: Record<string, string> = {};

function forbiddenPairs(): Map<string, Set<string>> {
  const config = createRequire(import.meta.url)(join(root, '.dependency-cruiser.cjs')) as { forbidden: Rule[] };
  const pairs = new Map<string, Set<string>>();
  for (const { name } of config.forbidden) {
    const [from, to] = name.split('-not-to-');
    if (!from || !to) continue;
    for (const pkg of [from, to]) if (!pairs.has(pkg)) pairs.set(pkg, new Set());
    pairs.get(from)?.add(to);
  }
  return pairs;
}

describe('ARCHITECTURE.md', () => {
  it('lists for every package what the import rules let it import', () => {
    const rows = readFileSync(join(root, 'ARCHITECTURE.md'), 'utf8')
      .split('\n')
      .map((line) => /^\|\s*`@skillpulse\/([a-z-]+)`\s*\|\s*`([^`]+)`\s*\|([^|]*)\|/.exec(line))
      .filter((match) => match !== null)
      .map(([, name, folder, cell]) => ({
        name: name as string,
        folder: folder as string,
        cell: (cell as string).replace(/\([^)]*\)/g, '').trim(),
      }));
    expect(
      rows.length,
      'ARCHITECTURE.md: the table of packages (| `@skillpulse/<name>` | `<folder>` | <may import> | ...)',
    ).toBeGreaterThan(5);
    const forbidden = forbiddenPairs();
    const packages = [...forbidden.keys()];
    const problems: string[] = [];
    for (const name of packages.filter((n) => !(n in PENDING_ROWS) && !rows.some((row) => row.name === n))) {
      problems.push(`@skillpulse/${name} has no row`);
    }
    rows.forEach((row, index) => {
      if (row.name in PENDING_ROWS) return;
      const manifest = JSON.parse(readFileSync(join(root, row.folder, 'package.json'), 'utf8')) as { name: string };
      if (manifest.name !== `@skillpulse/${row.name}`) problems.push(`@skillpulse/${row.name}: ${row.folder} holds ${manifest.name}`);
      const denied = forbidden.get(row.name) ?? new Set<string>();
      if (/^all\b/.test(row.cell)) {
        // "all of the above": anything but the rows below it
        const below = new Set(rows.slice(index + 1).map((r) => r.name));
        const wrong = [...denied].filter((n) => !below.has(n) && !(n in PENDING_ROWS));
        if (wrong.length > 0) problems.push(`@skillpulse/${row.name} may import "${row.cell}", but the rules forbid ${wrong.join(', ')}`);
        return;
      }
      const listed = row.cell === '—' || row.cell === '' ? [] : row.cell.split(',').map((n) => n.trim());
      const allowed = packages.filter((n) => n !== row.name && !denied.has(n));
      const sorted = (names: string[]) => [...names].sort().join(', ') || '—';
      if (sorted(listed) !== sorted(allowed)) {
        problems.push(
          `@skillpulse/${row.name}: ARCHITECTURE.md says it may import ${sorted(listed)}; .dependency-cruiser.cjs allows ${sorted(allowed)}`,
        );
      }
    });
    expect(problems, 'make ARCHITECTURE.md and PACKAGES in .dependency-cruiser.cjs agree').toEqual([]);
  });
});

// process.env is read by the CLI only (its entry passes it to loadConfig): dependency-cruiser checks
// imports, not globals, so this is a search of the shipped sources.
const PROCESS_ENV = /\bprocess\s*(\.\s*env\b|\[\s*['"]env['"]\s*\])|\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/;
const MAY_READ_ENV = ['packages/cli/src/main.ts', 'packages/cli/src/config.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split('\\').join('/'));
}

describe('process.env', () => {
  it('is read only by the CLI entry and its loadConfig', () => {
    const shipped: string[] = [];
    for (const parent of ['packages', 'pipelines', 'dashboards']) {
      for (const pkg of readdirSync(join(root, parent), { withFileTypes: true }).filter((e) => e.isDirectory())) {
        for (const sub of ['src', 'node', 'bin']) {
          const dir = join(root, parent, pkg.name, sub);
          if (readdirSync(join(root, parent, pkg.name)).includes(sub)) shipped.push(...sourceFiles(dir));
        }
      }
    }
    expect(shipped.length).toBeGreaterThan(50);
    const readers = shipped.filter((file) => !MAY_READ_ENV.includes(file) && PROCESS_ENV.test(readFileSync(join(root, file), 'utf8')));
    expect(readers, 'pass settings in from the CLI (loadConfig) instead of reading process.env').toEqual([]);
  });
});
