import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The pages a reader of the repository follows links through. */
function pages(): string[] {
  const docs: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) docs.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, 'docs'));
  return ['README.md', ...docs.sort(), 'bench/README.md', 'client/README.md'];
}

/** The lines of a page outside fenced code blocks, with their line numbers, as written (`raw`) and with code spans blanked (`text`). */
function prose(markdown: string): { line: number; raw: string; text: string }[] {
  const lines: { line: number; raw: string; text: string }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && text.trim() === marker) fence = undefined;
      return;
    }
    if (marker) {
      fence = marker;
      return;
    }
    lines.push({ line: index + 1, raw: text, text: text.replace(/(`+)(?:(?!\1).)+?\1/g, (span) => ' '.repeat(span.length)) });
  });
  return lines;
}

interface Link {
  line: number;
  target: string;
}

/** Every link and image target of a page: inline (`[text](target)`, `![alt](target)`, the text may wrap) and reference definitions (`[label]: target`). */
function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  // Paragraphs, so that a link whose text wraps onto the next line is found; each remembers its first line.
  const paragraphs: { line: number; text: string }[] = [];
  let previous = -1;
  for (const { line, text } of prose(markdown)) {
    if (!/\S/.test(text)) continue;
    if (line === previous + 1 && paragraphs.length > 0) paragraphs[paragraphs.length - 1].text += '\n' + text;
    else paragraphs.push({ line, text });
    previous = line;
  }
  for (const { line, text } of paragraphs) {
    const lineOf = (index: number) => line + (text.slice(0, index).match(/\n/g)?.length ?? 0);
    for (const match of text.matchAll(/!?\[(?:[^\][]|\[[^\]]*\])*\]\(\s*(<[^>\n]*>|[^\s)]+)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g)) {
      links.push({ line: lineOf(match.index), target: match[1].replace(/^<(.*)>$/, '$1') });
    }
    for (const definition of text.matchAll(/^\s{0,3}\[[^\]\n]+\]:\s*(<[^>\n]*>|\S+)/gm)) {
      links.push({ line: lineOf(definition.index), target: definition[1].replace(/^<(.*)>$/, '$1') });
    }
  }
  return links.sort((a, b) => a.line - b.line);
}

/** GitHub's anchor for a heading: the text as shown, lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  const shown = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link shows its text
    .replace(/<[^>]+>/g, '') // HTML tags show nothing
    .replace(/[`*]/g, ''); // code and emphasis markers
  return shown
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The anchors a page offers: one per heading (repeats get -1, -2, ... as on GitHub), and explicit HTML ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (heading: string) => {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  };
  const lines = prose(markdown);
  lines.forEach(({ line, raw, text }, index) => {
    const atx = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(raw);
    const next = lines[index + 1];
    if (atx) add(atx[1]);
    else if (
      next?.line === line + 1 &&
      /^\s{0,3}(=+|-+)\s*$/.test(next.text) &&
      /\S/.test(text) &&
      !/^\s*([-*+]\s|\d+[.)]\s|\|)/.test(text)
    )
      add(raw);
    for (const id of text.matchAll(/<a\s[^>]*(?:id|name)="([^"]+)"/g)) anchors.add(id[1]);
  });
  return anchors;
}

const EXTERNAL = /^([a-z][a-z0-9+.-]*:|\/\/)/i;

/** What is wrong with each relative link of the pages, as `page:line: target: problem`. */
function brokenLinks(): { checked: number; broken: string[] } {
  const broken: string[] = [];
  const anchorCache = new Map<string, Set<string>>();
  const anchorsIn = (file: string) => {
    if (!anchorCache.has(file)) anchorCache.set(file, anchorsOf(readFileSync(file, 'utf8')));
    return anchorCache.get(file)!;
  };
  let checked = 0;
  for (const page of pages().filter((page) => existsSync(join(ROOT, page)))) {
    const source = join(ROOT, page);
    for (const { line, target } of linksOf(readFileSync(source, 'utf8'))) {
      if (EXTERNAL.test(target)) continue;
      checked++;
      const hash = target.indexOf('#');
      const pathPart = (hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
      const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const file =
        pathPart === '' ? source : resolve(pathPart.startsWith('/') ? ROOT : dirname(source), decodeURI(pathPart.replace(/^\/+/, '')));
      const where = `${page}:${line}: ${target}`;
      if (!existsSync(file)) {
        broken.push(`${where}: ${relative(ROOT, file)} does not exist`);
        continue;
      }
      if (anchor === undefined || !statSync(file).isFile() || !file.endsWith('.md')) continue;
      if (!anchorsIn(file).has(anchor)) broken.push(`${where}: ${relative(ROOT, file)} has no heading #${anchor}`);
    }
  }
  return { checked, broken };
}

describe('links of the docs', () => {
  it('reads README.md, the pages under docs/, bench/README.md and client/README.md', () => {
    expect(pages()).toEqual(expect.arrayContaining(['README.md', 'docs/README.md', 'bench/README.md', 'client/README.md']));
    expect(pages().filter((page) => !existsSync(join(ROOT, page)))).toEqual([]);
  });

  it('every relative link and image names a file that exists, and every #anchor a heading of its page', () => {
    const { checked, broken } = brokenLinks();
    expect(checked).toBeGreaterThan(0);
    expect(broken).toEqual([]);
  });
});

describe('linksOf', () => {
  it('finds inline links, images and reference definitions, and not what is in code', () => {
    const markdown = [
      'See [the API](docs/api.md#jobs) and ![a shot](docs/screenshots/job.png "title").',
      'A [`client/`](client) link, a [link](<with space.md>), and `[not](a-link.md)` in code, and a [link that',
      'wraps](docs/local.md).',
      '```sh',
      '[not](in-a-fence.md)',
      '```',
      '[label]: docs/events.md',
    ].join('\n');
    expect(linksOf(markdown)).toEqual([
      { line: 1, target: 'docs/api.md#jobs' },
      { line: 1, target: 'docs/screenshots/job.png' },
      { line: 2, target: 'client' },
      { line: 2, target: 'with space.md' },
      { line: 2, target: 'docs/local.md' },
      { line: 7, target: 'docs/events.md' },
    ]);
  });
});

describe('slug', () => {
  it.each([
    ['Events: webhooks, stream, wait, logs, metrics', 'events-webhooks-stream-wait-logs-metrics'],
    ["The seed's walk-through", 'the-seeds-walk-through'],
    ['Several replicas', 'several-replicas'],
    ['`JOB_SCHEDULER_RUNTIME` and the [Helm](helm.md) chart', 'job_scheduler_runtime-and-the-helm-chart'],
    ['Where things are', 'where-things-are'],
  ])('%s -> #%s', (heading, anchor) => {
    expect(slug(heading)).toBe(anchor);
  });

  it('numbers repeated headings as GitHub does', () => {
    expect([...anchorsOf('# Jobs\n\n## Jobs\n\nText\n---\n\n```\n# not a heading\n```\n')]).toEqual(['jobs', 'jobs-1', 'text']);
  });
});
