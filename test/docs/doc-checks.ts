/**
 * What test/docs/docs.test.ts checks the documentation with: pure functions over zod schemas,
 * markdown text and files, each tested on bad inputs too (a checker that never fails proves nothing).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, posix, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import {
  FUNCTIONS_DIR,
  generatedDirOf,
  implementationFile,
  operationEntry,
  serviceDirOf,
  subscriberEntry,
  subscriberFile,
} from '../../lib/codegen/layout';

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

/** Markdown without fenced code blocks. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** Markdown without fenced code blocks and inline code spans (their brackets are not links). */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '');
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
  // Code spans stay: a heading's anchor has their text (`## \`dev up\` options` → #dev-up-options).
  for (const line of withoutFences(markdown).split('\n')) {
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

// ---- code blocks and code spans ------------------------------------------------------------------

/** A fenced code block: its language, the `key=value` words of its info string, its text. */
export interface FencedBlock {
  readonly language: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly content: string;
  /** The line of its opening fence, from 1. */
  readonly line: number;
}

/**
 * Every fenced code block of `markdown` (``` or ~~~, not indented). The info string is the
 * language, then `key=value` words (```` ```ts file=functions/x.ts ````). Throws on a block that is
 * never closed, or an attribute without a value: a checker must not skip what it cannot read.
 */
export function fencedBlocks(markdown: string): FencedBlock[] {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(`{3,}|~{3,})\s*(.*)$/.exec(lines[i] ?? '');
    if (open?.[1] === undefined) continue;
    const fence = open[1];
    const [language = '', ...words] = (open[2] ?? '').trim().split(/\s+/);
    const attributes: Record<string, string> = {};
    for (const word of words) {
      const equals = word.indexOf('=');
      if (equals <= 0 || equals === word.length - 1) {
        throw new Error(`line ${i + 1}: "${word}" in a code block's info string is not key=value`);
      }
      attributes[word.slice(0, equals)] = word.slice(equals + 1);
    }
    const closing = new RegExp(`^${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const end = lines.findIndex((line, j) => j > i && closing.test(line));
    if (end < 0) throw new Error(`line ${i + 1}: code block never closed`);
    blocks.push({
      language: language.includes('=') ? '' : language,
      attributes,
      content: `${lines.slice(i + 1, end).join('\n')}\n`,
      line: i + 1,
    });
    i = end;
  }
  return blocks;
}

/** A code block that is the whole of a file: ```` ```ts file=<path> ````. */
export interface FileBlock {
  readonly path: string;
  readonly language: string;
  readonly content: string;
  readonly line: number;
}

/** The blocks marked `file=<path>`, in order. Throws when two name the same file. */
export function fileBlocks(markdown: string): FileBlock[] {
  const files: FileBlock[] = [];
  for (const block of fencedBlocks(markdown)) {
    const path = block.attributes.file;
    if (path === undefined) continue;
    const earlier = files.find((file) => file.path === path);
    if (earlier !== undefined) {
      throw new Error(`line ${block.line}: ${path} is already the block at line ${earlier.line}`);
    }
    files.push({ path, language: block.language, content: block.content, line: block.line });
  }
  return files;
}

/** The text of each block marked `output=<name>`. Throws when two have the same name. */
export function outputBlocks(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of fencedBlocks(markdown)) {
    const name = block.attributes.output;
    if (name === undefined) continue;
    if (out.has(name)) throw new Error(`line ${block.line}: a second output block named ${name}`);
    out.set(name, block.content);
  }
  return out;
}

/**
 * The lines of a shown output that the actual output does not have (each compared trimmed; blank
 * lines and `...` are not compared). Empty when everything shown was printed.
 */
export function linesNotIn(shown: string, actual: string): string[] {
  const printed = new Set(actual.split('\n').map((line) => line.trim()));
  return shown
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && line !== '...' && !printed.has(line));
}

/** The text of every inline code span outside fenced blocks (delimited by equal backtick runs). */
export function codeSpans(markdown: string): string[] {
  const text = withoutFences(markdown);
  const spans: string[] = [];
  for (const match of text.matchAll(/(?<!`)(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g)) {
    if (match[2] !== undefined) spans.push(match[2].trim());
  }
  return spans;
}

// ---- paths under functions/ ------------------------------------------------------------------------

/** A name in a path, or a placeholder standing for one (`<service>`, `<kebab-case operation id>`). */
const NAME = '(?:<[^>]+>|[a-z0-9][a-z0-9_-]*)';

/** Stand-ins passed to the layout functions, unchanged by their kebab-casing, then made {@link NAME}s. */
const MARKERS = ['qqservice', 'qqoperation', 'qqpublisher', 'qqresource'] as const;

function layoutPattern(path: string, below: 'exact' | 'folder' | 'anything-below'): RegExp {
  let source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const marker of MARKERS) source = source.replaceAll(marker, NAME);
  const tail = below === 'exact' ? '' : below === 'folder' ? '/?' : '(?:/.*)?';
  return new RegExp(`^${source}${tail}$`);
}

/**
 * The paths lib/codegen/layout.ts gives a service's files and folders, as patterns a path named in
 * the docs must match: written implementations and subscribers, generated Lambda entries, the
 * generated files (`generatedFiles`: those of a generated/ folder, relative to it, e.g.
 * `service.ts`, `testing/fake.ts`), and domain/, which is free-form.
 */
export function layoutPatterns(generatedFiles: readonly string[]): RegExp[] {
  const [service, operation, publisher, resource] = MARKERS;
  const generated = generatedDirOf(service);
  const files = [
    implementationFile(service, operation),
    subscriberFile(service, publisher, resource),
    operationEntry(service, operation),
    subscriberEntry(service, publisher, resource),
    ...generatedFiles.filter((file) => !file.startsWith('lambdas/')).map((file) => `${generated}/${file}`),
  ];
  const folders = new Set([
    FUNCTIONS_DIR,
    serviceDirOf(service),
    generated,
    ...files.map((f) => posix.dirname(f)),
  ]);
  return [
    ...files.map((file) => layoutPattern(file, 'exact')),
    ...[...folders].map((folder) => layoutPattern(folder, 'folder')),
    layoutPattern(`${serviceDirOf(service)}/domain`, 'anything-below'),
  ];
}

/**
 * What is wrong with a path under functions/ that a doc names: shared runtime code
 * (`functions/runtime/...`) must exist; anything else must be where the layout puts it, and a
 * concrete path of a service this project has must exist as well.
 */
export function layoutProblem(
  path: string,
  patterns: readonly RegExp[],
  exists: (path: string) => boolean,
): string | undefined {
  const bare = path.replace(/\/$/, '');
  const runtime = `${FUNCTIONS_DIR}/runtime`;
  if (bare === runtime || bare.startsWith(`${runtime}/`)) {
    return exists(bare) ? undefined : `${path}: no such file or folder`;
  }
  if (!patterns.some((pattern) => pattern.test(path)))
    return `${path}: not a place lib/codegen/layout.ts gives a file`;
  const service = bare.split('/')[1];
  if (
    !path.includes('<') &&
    service !== undefined &&
    exists(`${FUNCTIONS_DIR}/${service}`) &&
    !exists(bare)
  ) {
    return `${path}: no such file or folder`;
  }
  return undefined;
}

// ---- dev command lines ---------------------------------------------------------------------------

/** The `dev ...` command lines a doc shows: in code spans (`dev up`) and in shell blocks (`npx dev up`). */
export function devCommandLines(markdown: string): string[] {
  const lines: string[] = [];
  for (const span of codeSpans(markdown)) {
    const match = /^(?:npx )?dev (.+)$/.exec(span);
    if (match?.[1] !== undefined) lines.push(match[1]);
  }
  for (const block of fencedBlocks(markdown)) {
    if (!['sh', 'bash', 'shell'].includes(block.language)) continue;
    for (const line of block.content.split('\n')) {
      const match = /(?:^|[\s;&(])npx dev ([^#]*)/.exec(line);
      if (match?.[1] !== undefined) lines.push(match[1].trim());
    }
  }
  return lines;
}

/** What is wrong with a `dev` command line for `program`: an unknown command or subcommand, an unknown option. */
export function devCommandProblem(line: string, program: Command): string | undefined {
  const [name, subName] = line.split(/\s+/);
  if (name === undefined || !/^[a-z]/.test(name)) return undefined; // `dev <command>`: a placeholder
  let command = program.commands.find((candidate) => candidate.name() === name);
  if (command === undefined) return `dev ${line}: no command ${name}`;
  if (command.commands.length > 0) {
    const sub = command.commands.find((candidate) => candidate.name() === subName);
    if (sub === undefined) return `dev ${line}: ${name} has no subcommand ${subName ?? '(none given)'}`;
    command = sub;
  }
  const known = new Set(['--help', ...command.options.map((option) => option.long)]);
  const unknown = [...line.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)]
    .map((m) => m[0])
    .filter((o) => !known.has(o));
  return unknown.length === 0
    ? undefined
    : `dev ${line}: ${command.name()} has no option ${unknown.join(', ')}`;
}
