/**
 * Every option of `dev up` is documented: a row of the options table in README.md and in
 * docs/local-runtime.md, so a new option cannot ship unexplained.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { buildProgram } from '../../bin/dev';
import { tableKeys, undocumentedKeys } from './doc-checks';

const ROOT = join(__dirname, '..', '..');

/**
 * The long flags of a command's options; a `--no-x` that only turns off a `--x` is documented with
 * it, a `--no-x` alone (`--no-synth`) is an option of its own.
 */
function optionFlags(program: Command, name: string): string[] {
  const command = program.commands.find((c) => c.name() === name);
  if (command === undefined) throw new Error(`no command ${name}`);
  const options = command.options;
  return options
    .filter(
      (option) =>
        !(option.negate && options.some((o) => !o.negate && o.attributeName() === option.attributeName())),
    )
    .flatMap((option) => (option.long === undefined ? [] : [option.long]));
}

/** What no single table of `markdown` lists among `flags` (a row's key `--port <n>` lists `--port`). */
function undocumentedFlags(markdown: string, flags: string[]): string[] {
  const tables = tableKeys(markdown).map((keys) => new Set([...keys].map((key) => key.split(' ')[0] ?? key)));
  return undocumentedKeys({ where: 'dev up', keys: flags }, tables);
}

describe('the options of dev up', () => {
  const flags = optionFlags(buildProgram(), 'up');

  it('are read from the CLI, negations with what they negate', () => {
    expect(flags).toEqual(
      expect.arrayContaining([
        '--port',
        '--persist',
        '--iam',
        '--no-synth',
        '--quiet',
        '--verbose',
        '--json',
      ]),
    );
    expect(flags).not.toContain('--no-watch');
    const program = new Command('dev');
    program.command('up').option('--a').option('--no-a').option('--no-b').option('-c, --cc <n>');
    expect(optionFlags(program, 'up')).toEqual(['--a', '--no-b', '--cc']);
  });

  it.each(['README.md', 'docs/local-runtime.md'])('each have a row in the options table of %s', (file) => {
    expect(undocumentedFlags(readFileSync(join(ROOT, file), 'utf8'), flags)).toEqual([]);
  });

  it('are found missing from a table without them', () => {
    const table = ['| option | does |', '| --- | --- |', '| `--port <n>` | x |', '| `--iam` | y |'].join(
      '\n',
    );
    expect(undocumentedFlags(table, ['--port', '--iam', '--json'])).toEqual(['--json']);
    expect(undocumentedFlags(`${table}\n\n| \`--json\` | z |`, ['--port', '--json'])).toEqual(['--json']);
  });
});
