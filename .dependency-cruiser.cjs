// @ts-check
// Import rules of ARCHITECTURE.md ("Packages and what each may import"), checked in `npm test` by
// tests/integration/import-rules.test.ts and by `npm run lint:imports` (after a build: workspace
// imports resolve through each package's exports map to its dist/). See ARCHITECTURE.md, "How the
// rules are checked".
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/**
 * The workspace packages from the bottom layer up, with the workspace packages each may import
 * (ARCHITECTURE.md's table; '*' is every package in a lower layer). A package may import only
 * packages listed before it, so the package graph has no cycle; and only those it also declares in
 * its package.json (dependencies, or devDependencies for type-only imports).
 * @type {Array<[name: string, folder: string, mayImport: string[]]>}
 */
const PACKAGES = [
  ['core', 'packages/core', []],
  ['taxonomy', 'packages/taxonomy', ['core']],
  ['roles', 'packages/roles', ['core']],
  ['places', 'packages/places', []],
  ['extract', 'packages/extract', ['core', 'taxonomy']],
  ['crawl', 'packages/crawl', ['core', 'roles', 'places']],
  ['store', 'packages/store', ['core']],
  ['trends', 'packages/trends', []],
  ['api', 'packages/api', ['core', 'roles', 'store', 'taxonomy', 'trends']],
  ['sample-board', 'pipelines/sample-board', ['core', 'crawl']],
  ['ingest', 'pipelines/ingest', ['core', 'crawl', 'extract', 'roles', 'places', 'store', 'sample-board']],
  ['scheduler', 'pipelines/scheduler', ['core', 'ingest', 'store']],
  ['web', 'dashboards/web', ['api']],
  ['cli', 'packages/cli', ['*']],
  ['tests', 'tests', ['*']],
];
// '*': every package in a lower layer.
PACKAGES.forEach((entry, index) => {
  if (entry[2].includes('*')) entry[2] = PACKAGES.slice(0, index).map(([name]) => name);
});

/**
 * Known exceptions, each one file importing one package it may not: [file, package, why].
 * Remove an entry once the file has moved; a stale entry is harmless but misleading.
 * @type {Array<[file: string, name: string, why: string]>}
 */
const EXCEPTIONS = [
  [
    'packages/taxonomy/scripts/measure.mjs',
    'extract',
    'a development script measuring the taxonomy with the built extractor; it belongs in extract or tests/bench',
  ],
];

/**
 * npm packages that dev-only code imports without its package.json declaring them (they resolve
 * because another workspace installs them): [folder, packages, why]. Declare them (devDependencies,
 * with a lockfile update) and drop the entry.
 * @type {Array<[folder: string, packages: string[], why: string]>}
 */
const KNOWN_UNDECLARED = [];

const regExpOf = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const folderOf = new Map(PACKAGES.map(([name, folder]) => [name, folder]));

// The table must list every workspace package, and only layer it downwards.
for (const parent of ['packages', 'pipelines', 'dashboards']) {
  for (const entry of readdirSync(join(__dirname, parent), { withFileTypes: true })) {
    const folder = `${parent}/${entry.name}`;
    if (entry.isDirectory() && existsSync(join(__dirname, folder, 'package.json')) && ![...folderOf.values()].includes(folder)) {
      throw new Error(
        `.dependency-cruiser.cjs: workspace package ${folder} is not in PACKAGES; add it at its layer with what it may import`,
      );
    }
  }
}
PACKAGES.forEach(([name, , mayImport], index) => {
  for (const dep of mayImport) {
    const at = PACKAGES.findIndex(([other]) => other === dep);
    if (at < 0 || at >= index) {
      throw new Error(`.dependency-cruiser.cjs: ${name} may import ${dep}, which is ${at < 0 ? 'not a package' : 'not in a lower layer'}`);
    }
  }
});

/** @returns {{ deps: string[], devOnly: string[] }} workspace packages the manifest declares */
function declared(/** @type {string} */ folder) {
  const manifest = JSON.parse(readFileSync(join(__dirname, folder, 'package.json'), 'utf8'));
  const names = (/** @type {Record<string, string> | undefined} */ field) =>
    Object.keys(field ?? {})
      .filter((n) => n.startsWith('@skillpulse/'))
      .map((n) => n.slice('@skillpulse/'.length));
  const deps = names(manifest.dependencies);
  return { deps, devOnly: names(manifest.devDependencies).filter((n) => !deps.includes(n)) };
}

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const workspaceRules = [];
for (const [name, folder, mayImport] of PACKAGES) {
  const { deps, devOnly } = declared(folder);
  for (const [other, otherFolder] of PACKAGES) {
    if (other === name) continue;
    const allowed = mayImport.includes(other);
    const exceptions = EXCEPTIONS.filter(([, dep]) => dep === other)
      .map(([file]) => file)
      .filter((file) => file.startsWith(`${folder}/`));
    const from = {
      path: `^${regExpOf(folder)}/`,
      ...(exceptions.length > 0 ? { pathNot: exceptions.map((f) => `^${regExpOf(f)}$`) } : {}),
    };
    const to = { path: `^${regExpOf(otherFolder)}/` };
    if (!allowed) {
      workspaceRules.push({
        name: `${name}-not-to-${other}`,
        comment: `ARCHITECTURE.md: ${name} may import ${mayImport.join(', ') || 'no workspace package'}; not ${other}. If it should, add ${other} to its entry in PACKAGES (.dependency-cruiser.cjs) and to ARCHITECTURE.md's table.`,
        severity: 'error',
        from,
        to,
      });
    } else if (devOnly.includes(other)) {
      workspaceRules.push({
        name: `${name}-to-${other}-types-only`,
        comment: `${folder}/package.json declares @skillpulse/${other} as a devDependency: import its types only (import type).`,
        severity: 'error',
        from,
        to: { ...to, dependencyTypesNot: ['type-only'] },
      });
    } else if (!deps.includes(other)) {
      workspaceRules.push({
        name: `${name}-undeclared-${other}`,
        comment: `ARCHITECTURE.md allows ${name} to import ${other}, but ${folder}/package.json does not declare @skillpulse/${other}: add it to dependencies.`,
        severity: 'error',
        from,
        to,
      });
    }
  }
}

const packageFolder = `(${PACKAGES.map(([, folder]) => regExpOf(folder)).join('|')})`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle between modules: break it (move the shared part into a module both import).',
      severity: 'error',
      from: {},
      // a cycle through type-only imports is erased at compile time and loads fine
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'The import resolves to no file: a typo, a package not installed, or a deep import into a workspace package past its exports map (import the package name only).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment:
        "An npm package the importing workspace's package.json does not declare (it only resolves because another workspace hoisted it): add it to that package.json.",
      severity: 'error',
      from: { pathNot: KNOWN_UNDECLARED.map(([folder]) => `^${regExpOf(folder)}/`) },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
    ...KNOWN_UNDECLARED.map(([folder, packages, why]) => ({
      name: `no-non-package-json-in-${folder.replaceAll('/', '-')}`,
      comment: `An npm package ${folder} does not declare; known and allowed until declared: ${packages.join(', ')} (${why}).`,
      severity: /** @type {const} */ ('error'),
      from: { path: `^${regExpOf(folder)}/` },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], pathNot: `(^|/)node_modules/(${packages.map(regExpOf).join('|')})/` },
    })),
    {
      name: 'not-to-dev-dep',
      comment: 'Shipped code (src, bin, node) imports a devDependency, which users of the package do not install: make it a dependency.',
      severity: 'error',
      from: { path: `^${packageFolder}/(src|bin|node)/` },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-deep-import',
      comment:
        "Another workspace package's files imported by path: import the package by name (@skillpulse/<name>), whose exports map is its public surface.",
      severity: 'error',
      from: { path: `^${packageFolder}/` },
      to: { path: `^${packageFolder}/`, pathNot: ['^$1/'], dependencyTypesNot: ['aliased-workspace'] },
    },
    ...workspaceRules,
  ],
  options: {
    doNotFollow: { path: ['(^|/)node_modules/', '(^|/)(dist|dist-node)/'] },
    exclude: { path: '^dashboards/kibana/' },
    // type-only imports count: a layer may not even name the types of a layer above it.
    tsPreCompilationDeps: true,
    // a package's tests may use the root's devDependencies (vitest); everything else is per package.
    combinedDependencies: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'node', 'default'],
      extensions: ['.ts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
