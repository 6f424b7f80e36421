/**
 * What test/docs/docs.test.ts checks the documentation with: pure functions over zod schemas,
 * markdown text and files, each tested on bad inputs too (a checker that never fails proves nothing).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';

/** The parts of a zod v4 schema's definition the walk reads. */
interface ZodDef {
  readonly type: string;
  readonly shape?: Record<string, unknown>;
  readonly getter?: () => unknown;
  readonly [member: string]: unknown;
}

function defOf(value: unknown): ZodDef | undefined {
  if (!(value instanceof z.ZodType)) return undefined;
  return (value as unknown as { _zod: { def: ZodDef } })._zod.def;
}

/** An object schema reachable from the roots: where it is (its meta id, else a path) and its keys. */
export interface SchemaObject {
  readonly where: string;
  readonly keys: readonly string[];
}

/**
 * Every object schema reachable from `roots` (through optionals, defaults, arrays, records, unions,
 * pipes, lazies...), each named by its meta id (`operation`), else by the path that reached it.
 */
export function schemaObjects(roots: ReadonlyMap<string, unknown>): SchemaObject[] {
  const objects: SchemaObject[] = [];
  const seen = new Set<unknown>();
  const walk = (schema: unknown, where: string): void => {
    const def = defOf(schema);
    if (def === undefined || seen.has(schema)) return;
    seen.add(schema);
    const id = (schema as z.ZodType).meta()?.id;
    const here = typeof id === 'string' ? id : where;
    if (def.type === 'object' && def.shape !== undefined) {
      objects.push({ where: here, keys: Object.keys(def.shape) });
      for (const [key, value] of Object.entries(def.shape)) walk(value, `${here}.${key}`);
    }
    if (def.type === 'lazy' && def.getter !== undefined) walk(def.getter(), here);
    // Any other wrapper (optional, default, array, record, union, pipe...) holds its inner schemas
    // as members of its definition, alone or in lists.
    for (const [member, value] of Object.entries(def)) {
      if (member === 'shape' || member === 'getter') continue;
      if (Array.isArray(value)) for (const item of value) walk(item, here);
      else walk(value, here);
    }
  };
  for (const [name, schema] of roots) walk(schema, name);
  return objects;
}

/** The keys of each markdown table: the code spans (`` `key` ``) that start its rows' first cells. */
export function tableKeys(markdown: string): Set<string>[] {
  const tables: Set<string>[] = [];
  let current: Set<string> | undefined;
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (current === undefined) {
      current = new Set();
      tables.push(current);
    }
    const key = /^\|\s*`([^`]+)`/.exec(line)?.[1];
    if (key !== undefined) current.add(key);
  }
  return tables.filter((table) => table.size > 0);
}

/**
 * The keys of `object` that no single table documents: empty when one table lists them all,
 * else the ones missing from the table that lists the most of them.
 */
export function undocumentedKeys(object: SchemaObject, tables: readonly Set<string>[]): string[] {
  let best: string[] = [...object.keys];
  for (const table of tables) {
    const missing = object.keys.filter((key) => !table.has(key));
    if (missing.length < best.length) best = missing;
  }
  return best;
}

/** The zod schemas among a module's exports. */
export function exportedSchemas(module: Readonly<Record<string, unknown>>): Map<string, unknown> {
  return new Map(Object.entries(module).filter(([, value]) => value instanceof z.ZodType));
}

/** The ids not mentioned as code (`` `id` ``) anywhere in `markdown`. */
export function unmentioned(markdown: string, ids: Iterable<string>): string[] {
  return [...new Set(ids)].filter((id) => !markdown.includes(`\`${id}\``));
}

/** First and second cells of every table row whose first cell is a code span: `` | `id` † | level | ``. */
export function tableLevels(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`([^`]+)`[^|]*\|\s*([^|]*?)\s*\|/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) out.set(match[1], match[2]);
  }
  return out;
}

/** Markdown without fenced code blocks and inline code spans (their brackets are not links). */
function withoutCode(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Link targets of inline links and reference definitions, outside code. */
export function linkTargets(markdown: string): string[] {
  const text = withoutCode(markdown);
  const targets: string[] = [];
  for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (match[1] !== undefined) targets.push(match[1]);
  }
  for (const match of text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)) {
    if (match[1] !== undefined) targets.push(match[1]);
  }
  return targets;
}

/** GitHub's anchor of a heading: the rendered text, lower case, punctuation dropped, spaces to dashes. */
export function headingSlug(heading: string): string {
  const rendered = heading
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_]{2}([^*_]+)[*_]{2}/g, '$1');
  return rendered
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors of a markdown document's headings (repeats get `-1`, `-2`, as on GitHub). */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const counts = new Map<string, number>();
  for (const line of withoutCode(markdown).split('\n')) {
    const match = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (match?.[1] === undefined) continue;
    const slug = headingSlug(match[1]);
    const seen = counts.get(slug) ?? 0;
    counts.set(slug, seen + 1);
    anchors.add(seen === 0 ? slug : `${slug}-${seen}`);
  }
  return anchors;
}

/**
 * What is wrong with each relative link of a markdown file inside `root`: a target that does not
 * exist, one outside `root`, or an anchor no heading of the target has. Links with a scheme
 * (`https:`, `mailto:`) are not checked.
 */
export function brokenLinks(file: string, root: string): string[] {
  const markdown = readFileSync(file, 'utf8');
  const problems: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const hash = target.indexOf('#');
    const pathPart = decodeURI(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : target.slice(hash + 1);
    const resolved = pathPart === '' ? file : resolve(dirname(file), pathPart);
    const fromRoot = relative(root, resolved);
    if (isAbsolute(pathPart) || fromRoot.startsWith('..') || isAbsolute(fromRoot)) {
      problems.push(`${target}: points outside the repository`);
      continue;
    }
    if (!existsSync(resolved)) {
      problems.push(`${target}: ${fromRoot} does not exist`);
      continue;
    }
    if (anchor !== undefined && anchor !== '' && resolved.endsWith('.md') && statSync(resolved).isFile()) {
      if (!headingAnchors(readFileSync(resolved, 'utf8')).has(anchor)) {
        problems.push(`${target}: ${fromRoot} has no heading #${anchor}`);
      }
    }
  }
  return problems;
}

/** The lines of `text` that contain any of `needles`, as `line: text`. */
export function linesContaining(text: string, needles: readonly string[]): string[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      needles.some((needle) => line.includes(needle)) ? [`${i + 1}: ${line.trim()}`] : [],
    );
}
