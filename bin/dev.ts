import { MAX_BASE_PORT, PORT_SLOTS } from '@tributary/local-runtime/ports';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { CliError, type CommandResult } from '../lib/cli/errors';
import { FAIL_ON, type FailOn } from '../lib/cli/fail-on';
import { OUTPUT_FORMATS, type OutputFormat } from '../lib/cli/format-diagnostics';
import { findProjectRoot } from '../lib/cli/project';
import { versionText } from '../lib/cli/version';

/**
 * `dev`: the developer CLI. Each command parses its arguments here and calls a function in
 * lib/cli/ that returns text and an exit status. Exit 0: fine; 1: the specs have problems;
 * 2: the tool could not run (bad arguments, not a project, unknown git revision...).
 *
 * Each command's module is imported when the command runs, not before: `dev --help` and a spec
 * check do not load the AWS SDK, the CDK or the local runtime.
 */

const formatOption = () =>
  new Option('--format <format>', 'output format')
    .choices([...OUTPUT_FORMATS])
    .default('text' as OutputFormat);
const failOnOption = () =>
  new Option('--fail-on <level>', 'lowest change level that fails')
    .choices([...FAIL_ON])
    .default('error' as FailOn);

function emit(result: CommandResult): void {
  if (result.stdout) process.stdout.write(`${result.stdout}\n`);
  if (result.stderr) process.stderr.write(`${result.stderr}\n`);
  process.exitCode = result.exitCode;
}

const root = () => findProjectRoot(process.cwd());

function nonEmpty(value: string): string {
  if (!value.trim()) throw new InvalidArgumentError('give a git revision, e.g. origin/main or HEAD~1');
  return value;
}

export function buildProgram(): Command {
  const program = new Command('dev')
    .description(
      'Tributary developer CLI: specs, generated code, deployment, events and the system on this machine.',
    )
    .showHelpAfterError('(run `dev <command> --help` for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    // Not commander's .version(): that wants the text up front, and reading the commit costs a git
    // call on every command. bin/dev.cjs answers `dev --version` before loading this file at all.
    .option('-V, --version', 'print the version (and the git commit) and exit')
    .on('option:version', () => {
      process.stdout.write(`${versionText()}\n`);
      throw new CommanderError(0, 'commander.version', 'version printed');
    });

  program
    .command('validate')
    .description('Check specs against the format and its semantic rules (default: every spec in api-specs/).')
    .argument('[files...]', 'spec files to check')
    .addOption(formatOption())
    .action(async (files: string[], opts: { format: OutputFormat }) => {
      const { runValidate } = await import('../lib/cli/validate');
      emit(runValidate({ root: root(), cwd: process.cwd(), files, format: opts.format }));
    });

  program
    .command('lint')
    .description(
      'Check style and conventions; silence a finding only in api-specs/lint.allow.json, with a reason.',
    )
    .argument('[files...]', 'spec files to lint')
    .addOption(formatOption())
    .action(async (files: string[], opts: { format: OutputFormat }) => {
      const { runLint } = await import('../lib/cli/lint');
      emit(runLint({ root: root(), cwd: process.cwd(), files, format: opts.format }));
    });

  program
    .command('diff')
    .description(
      'Classify every API change since a git revision (see docs/breaking-changes.md); exit 1 when breaking.',
    )
    .requiredOption('--base <revision>', 'git revision to compare with, e.g. origin/main', nonEmpty)
    .addOption(formatOption())
    .addOption(failOnOption())
    .action(async (opts: { base: string; format: OutputFormat; failOn: FailOn }) => {
      const { runDiff } = await import('../lib/cli/diff');
      emit(runDiff({ root: root(), base: opts.base, format: opts.format, failOn: opts.failOn }));
    });

  program
    .command('check')
    .description(
      'validate + lint + diff + JSON Schema and generated-code freshness: the CI gate (stubs still to write are listed as warnings).',
    )
    .option(
      '--base <revision>',
      'git revision to diff with (default: on a branch, its merge-base with the default branch; on the default branch, HEAD~1; with no earlier commit, everything is new)',
      nonEmpty,
    )
    .addOption(formatOption())
    .addOption(failOnOption())
    .action(async (opts: { base?: string; format: OutputFormat; failOn: FailOn }) => {
      const { runCheck } = await import('../lib/cli/check');
      emit(
        runCheck({
          root: root(),
          cwd: process.cwd(),
          format: opts.format,
          failOn: opts.failOn,
          ...(opts.base ? { base: opts.base } : {}),
        }),
      );
    });

  program
    .command('schema')
    .description(
      "Write api-specs/spec.schema.json from the format's zod schema (--check: only verify it is fresh).",
    )
    .option('--check', 'write nothing; exit 1 when the file is stale or missing', false)
    .action(async (opts: { check: boolean }) => {
      const { runSchema } = await import('../lib/cli/schema');
      emit(runSchema({ root: root(), check: opts.check }));
    });

  program
    .command('generate')
    .description(
      'Write functions/<service>/generated/ from every spec (types, repository, client, wiring, Lambda entries, test doubles) and a stub for each custom operation or subscriber not written yet; never overwrites a written file (--check: only verify).',
    )
    .option(
      '--check',
      'write nothing; exit 1 listing generated files that are stale, missing or extra',
      false,
    )
    .action(async (opts: { check: boolean }) => {
      const { runGenerate } = await import('../lib/cli/generate');
      emit(runGenerate({ root: root(), check: opts.check }));
    });

  program
    .command('graph')
    .description(
      'Draw the system from its specs: every service (with its fan-in and fan-out), the events it publishes, who subscribes to them and who calls which routes.',
    )
    .addOption(
      new Option(
        '--format <format>',
        'mermaid (for Markdown), dot (Graphviz), svg (a standalone picture) or json',
      )
        .choices(['mermaid', 'dot', 'svg', 'json'])
        .default('mermaid'),
    )
    .action(async (opts: { format: 'mermaid' | 'dot' | 'svg' | 'json' }) => {
      const { runGraph } = await import('../lib/cli/graph');
      emit(runGraph({ root: root(), cwd: process.cwd(), format: opts.format }));
    });

  program
    .command('deploy')
    .description(
      'Deploy with `cdk deploy`: every stack (default) or the named services and what they depend on.',
    )
    .argument('[services...]', 'services to deploy (default: all)')
    .option(
      '--stage <stage>',
      'stage to deploy: prod, dev, pr-42, any valid name (default: your personal stage, dev-<you> from git user.email or the OS user)',
    )
    .option('--alarm-email <address>', "subscribe this address to the stage's alarm topic (-c alarms:email)")
    .option(
      '--yes',
      "approved already: cdk asks nothing, in prod too (pipelines, where a protected environment's reviewers approve)",
      false,
    )
    .option('--dry-run', 'print the cdk command instead of running it', false)
    .action(
      async (
        services: string[],
        opts: { stage?: string; alarmEmail?: string; yes: boolean; dryRun: boolean },
      ) => {
        const { runDeploy } = await import('../lib/cli/deploy');
        emit(
          runDeploy({
            root: root(),
            services,
            dryRun: opts.dryRun,
            yes: opts.yes,
            ...(opts.stage === undefined ? {} : { stage: opts.stage }),
            ...(opts.alarmEmail === undefined ? {} : { alarmEmail: opts.alarmEmail }),
          }),
        );
      },
    );

  program
    .command('destroy')
    .description(
      "Remove a stage that is not prod (a pull request's, a developer's) with all its data: `cdk destroy`.",
    )
    .argument('<stage>', 'the stage to remove, e.g. pr-42 or dev-ada; prod is refused')
    .option('--dry-run', 'print the cdk command instead of running it', false)
    .action(async (stage: string, opts: { dryRun: boolean }) => {
      const { runDestroy } = await import('../lib/cli/destroy');
      emit(runDestroy({ root: root(), stage, dryRun: opts.dryRun }));
    });

  program
    .command('republish')
    .description(
      'Re-emit <resource>.upserted for stored items (recovery for parked events, backfill for a new subscriber).',
    )
    .argument('<service>', 'the service whose items to republish')
    .option('--resource <resource>', 'only this stored resource (default: every one that publishes upserted)')
    .option('--since <iso-time>', 'only items updated at or after this time, e.g. 2026-11-22T14:00:00Z')
    .addOption(
      new Option(
        '--local',
        'the system `dev up` runs in this project: endpoints, region and names from .tributary/local.json',
      ).conflicts('stage'),
    )
    .addOption(
      new Option('--stage <stage>', 'a deployed stage: table and bus from the outputs `dev deploy` wrote'),
    )
    .option('--table <name>', "the service's table (default: from --local or --stage, else $TABLE_NAME)")
    .option(
      '--event-bus <name>',
      'the shared event bus (default: from --local or --stage, else $EVENT_BUS_NAME)',
    )
    .option('--page-size <n>', 'items read per page (1..1000)', positiveInteger, 100)
    .option('--rate <n>', 'events put per second at most', positiveInteger, 100)
    .addHelpText(
      'after',
      "\nWithout --local, AWS credentials, region and endpoints come from the SDK's usual chain\n(AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_EVENTBRIDGE, ...).",
    )
    .action(
      async (
        service: string,
        opts: {
          resource?: string;
          since?: string;
          local?: boolean;
          stage?: string;
          table?: string;
          eventBus?: string;
          pageSize: number;
          rate: number;
        },
      ) => {
        const { runRepublish } = await import('../lib/cli/republish');
        emit(
          await runRepublish({ root: root(), service, ...opts, env: process.env }, undefined, (line) =>
            process.stderr.write(`${line}\n`),
          ),
        );
      },
    );

  const events = program.command('events').description('Work with EventBridge events locally, without AWS.');
  events
    .command('match')
    .description(
      'Test an event against an event pattern as EventBridge would; exit 0 match, 1 no match, 2 bad input.',
    )
    .requiredOption('--pattern <file>', 'JSON file holding the event pattern (as in a rule)')
    .requiredOption('--event <file>', 'JSON file holding the event (as delivered to targets)')
    .option('--explain', 'on no match, say which field failed and why', false)
    .action(async (opts: { pattern: string; event: string; explain: boolean }) => {
      const { runEventsMatch } = await import('../lib/cli/events-match');
      emit(runEventsMatch({ cwd: process.cwd(), ...opts }));
    });

  program
    .command('up')
    .description(
      'Run the whole system on this machine from the synthesized app: DynamoDB Local, the Lambdas, the event bus, the HTTP APIs.',
    )
    .option('--persist <dir>', 'keep DynamoDB data in this directory (default: in memory)')
    .option('--iam', 'require SigV4-signed requests on IAM routes, as on AWS', false)
    .option('--no-synth', 'use cdk.out as it is, even when older than the sources')
    .option(
      '--port <n>',
      `base of the HTTP APIs' ports: each service's port is <n> plus a number from 0 to ${PORT_SLOTS - 1} derived from its name, so it stays put when services come and go (default: free ports)`,
      basePort,
    )
    .addOption(
      new Option('--quiet', 'print only the startup banner, nothing of what runs')
        .default(false)
        .conflicts('verbose'),
    )
    .option(
      '--verbose',
      "also print the functions' DEBUG records, metric (EMF) blobs and REPORT lines",
      false,
    )
    .option(
      '--json',
      'print one JSON object per line (requests, deliveries, function output, the banner)',
      false,
    )
    .option(
      '--watch',
      'apply saved files while running: a handler on the next request, a spec by reloading all but DynamoDB Local (npm start)',
      false,
    )
    .option('--no-watch', 'run the code as it was at start (the default of dev up)')
    .option(
      '--console-port <n>',
      'the port of the console (a web page on 127.0.0.1: what happens by trace, parked entries, the pattern tester); default a free port',
      consolePort,
    )
    .option('--no-console', 'do not serve the console')
    .action(
      async (opts: {
        persist?: string;
        iam: boolean;
        synth: boolean;
        port?: number;
        quiet: boolean;
        verbose: boolean;
        json: boolean;
        watch: boolean;
        console: boolean;
        consolePort?: number;
      }) => {
        const { runUp } = await import('../lib/cli/up');
        emit(await runUp({ root: root(), ...opts }));
      },
    );

  program
    .command('parked')
    .description(
      'Show what the local system parked: events a subscriber gave up on, stream batches the forwarder gave up on.',
    )
    .option('--queue <id>', 'only this queue')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { queue?: string; format: 'text' | 'json' }) => {
      const { runParked } = await import('../lib/cli/up');
      emit(runParked({ root: root(), ...opts }));
    });

  return program;
}

/** `dev up --console-port`: one TCP port a user may listen on. */
function consolePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1024 || n > 65535) {
    throw new InvalidArgumentError('give a whole number from 1024 to 65535.');
  }
  return n;
}

/** `dev up --port`: every derived port must exist (ports.ts). */
function basePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_BASE_PORT) {
    throw new InvalidArgumentError(
      `give a whole number from 1 to ${MAX_BASE_PORT}: the services' ports run up to ${PORT_SLOTS - 1} above it`,
    );
  }
  return n;
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of at least 1');
  return n;
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof CliError) {
      process.stderr.write(`dev: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `dev: internal error: ${message}\nThis is a bug in dev; please report it with the command you ran.\n`,
    );
    process.exitCode = 2;
  }
}

if (require.main === module) void main(process.argv.slice(2));
