import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every relative link and #anchor in the project's Markdown points at a file, folder or heading
 * that exists, so moving a section between README.md and docs/ cannot leave a dead link behind.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Markdown a reader follows: README.md, ARCHITECTURE.md, docs/**, and each workspace's README. */
function markdownFiles(): string[] {
  const files = ['README.md', 'ARCHITECTURE.md'].map((name) => join(ROOT, name));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) files.push(path);
    }
  };
  walk(join(ROOT, 'docs'));
  for (const group of ['packages', 'pipelines', 'dashboards']) {
    for (const name of readdirSync(join(ROOT, group))) {
      const readme = join(ROOT, group, name, 'README.md');
      if (existsSync(readme)) files.push(readme);
    }
  }
  return files.filter((file) => existsSync(file));
}

/** The text with fenced code blocks blanked out (line numbers kept). */
function withoutFences(markdown: string): string {
  let fence: string | undefined;
  const lines = markdown.split('\n').map((line) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker && (fence === undefined || marker.startsWith(fence))) {
      fence = fence === undefined ? marker : undefined;
      return '';
    }
    return fence === undefined ? line : '';
  });
  return lines.join('\n');
}

/** The text outside code: fenced blocks and inline code removed. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/(`+)[^`]*?\1/g, '');
}

/** GitHub's heading anchors: lower case, punctuation dropped, each blank a dash; a repeat gets -1, -2, … */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown).split('\n')) {
    const heading = /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line)?.[1];
    if (heading === undefined) continue;
    const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const INLINE_LINK = /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_LINK = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm;

/** One sentence per link of `file` (whose text is `markdown`) that points at nothing. */
function brokenLinks(file: string, markdown: string): string[] {
  const text = prose(markdown);
  const targets = [...text.matchAll(INLINE_LINK), ...text.matchAll(REFERENCE_LINK)].map((match) => match[1] as string);
  const problems: string[] = [];
  const name = relative(ROOT, file);
  for (const target of targets) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
    const hash = target.indexOf('#');
    const pathPart = decodeURIComponent(hash === -1 ? target : target.slice(0, hash));
    const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const path = pathPart === '' ? file : pathPart.startsWith('/') ? join(ROOT, pathPart) : resolve(dirname(file), pathPart);
    if (pathPart !== '' && !existsSync(path)) {
      problems.push(`${name}: link "${target}" points at ${relative(ROOT, path)}, which does not exist`);
      continue;
    }
    if (anchor === undefined || anchor === '' || !path.endsWith('.md')) continue;
    if (path !== file && statSync(path).isDirectory()) continue;
    const anchors = headingAnchors(path === file ? markdown : readFileSync(path, 'utf8'));
    if (!anchors.has(anchor.toLowerCase())) {
      problems.push(
        `${name}: link "${target}" names #${anchor}, which is no heading of ${relative(ROOT, path)} (its anchors: ${[...anchors].join(', ')})`,
      );
    }
  }
  return problems;
}

describe('links between the Markdown documents', () => {
  it('finds the anchors GitHub makes of headings, outside code blocks', () => {
    const markdown = '# Storage: SQLite or Elasticsearch\n\n## `npm test` and CI\n\n```sh\n# not a heading\n```\n\n## Usage\n\n## Usage\n';
    expect([...headingAnchors(markdown)]).toEqual(['storage-sqlite-or-elasticsearch', 'npm-test-and-ci', 'usage', 'usage-1']);
  });

  it('reports a missing file and a missing heading, and ignores web links and code', () => {
    const file = join(ROOT, 'docs', 'example.md');
    const markdown = [
      '# Example',
      '[gone](no-such-file.md), [heading](../README.md#no-such-heading), [fine](../README.md#requirements),',
      '[here](#example), [web](https://example.com/x.md), `[code](nowhere.md)`',
      '```md',
      '[in a block](nowhere-either.md)',
      '```',
    ].join('\n');
    const problems = brokenLinks(file, markdown);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^docs\/example\.md: link "no-such-file\.md" points at docs\/no-such-file\.md, which does not exist$/);
    expect(problems[1]).toMatch(
      /^docs\/example\.md: link "\.\.\/README\.md#no-such-heading" names #no-such-heading, which is no heading of README\.md/,
    );
  });

  it('has no dead relative link or anchor in README.md, ARCHITECTURE.md, docs/ or a package README', () => {
    const files = markdownFiles();
    expect(files.map((file) => relative(ROOT, file))).toContain('docs/reports.md');
    const problems = files.flatMap((file) => brokenLinks(file, readFileSync(file, 'utf8')));
    expect(problems).toEqual([]);
  });
});
