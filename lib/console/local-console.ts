/**
 * The console of `dev up`: the console server (server.ts) over the running local system and the
 * project's specs. The specs give the service graph (read again on each request, so a spec saved
 * under `--watch` shows at once) and the names of the fields annotated `personal_data`, which the
 * feed never shows; the running system gives the parked entries and their redrive.
 */
import { RedriveError, type RunningSystem } from '@tributary/local-runtime';
import { projectGraph } from '../cli/graph';
import { validateProject } from '../cli/load-project';
import { personalDataNames } from '../codegen/context';
import { ConsoleFeed } from './feed';
import {
  type ConsoleParked,
  type ConsoleSystem,
  RedriveRefused,
  type RunningConsole,
  startConsole,
} from './server';

/** What recovers a parked entry the console cannot deliver again. */
export const STREAM_BATCH_RECOVERY =
  "a stream batch: its records are positions in the table's stream; republish the service's events (npx dev republish <service> --local)";

/** The personal field and parameter names of every valid spec of the project. */
export function projectPersonalFields(root: string): string[] {
  const names = new Set<string>();
  for (const loaded of validateProject(root, root).valid) {
    for (const name of personalDataNames(loaded.spec)) names.add(name);
  }
  return [...names].sort();
}

/** The feed of `dev up`'s console: the project's personal fields never shown. */
export function projectFeed(root: string): ConsoleFeed {
  return new ConsoleFeed({ personalFields: projectPersonalFields(root) });
}

/** The running system as the console asks for it. */
export function consoleSystem(
  root: string,
  running: Pick<RunningSystem, 'parking' | 'redrive'>,
): ConsoleSystem {
  return {
    graph() {
      const result = projectGraph({ root, cwd: root });
      return result.ok ? result.graph : undefined;
    },
    parked(): ConsoleParked[] {
      return running.parking.list().flatMap((message): ConsoleParked[] => {
        if (message.id === undefined) return [];
        const redrivable = message.delivery !== undefined;
        return [
          {
            id: message.id,
            queue: message.queueId,
            at: message.at,
            reason: message.reason,
            redrivable,
            ...(redrivable ? {} : { howToRecover: STREAM_BATCH_RECOVERY }),
          },
        ];
      });
    },
    async redrive(id) {
      try {
        await running.redrive(id);
      } catch (error) {
        if (!(error instanceof RedriveError)) throw error;
        switch (error.code) {
          case 'unknown':
            throw new RedriveRefused(404, 'not_found', `nothing is parked under the id ${id}`);
          case 'not-parked':
            throw new RedriveRefused(409, 'conflict', `${id} is not parked any more: it was redriven`);
          case 'not-redrivable':
            throw new RedriveRefused(422, 'not_redrivable', error.message);
        }
      }
    },
  };
}

export interface LocalConsoleOptions {
  readonly root: string;
  readonly feed: ConsoleFeed;
  readonly running: Pick<RunningSystem, 'parking' | 'redrive'>;
  /**
   * The console's port on 127.0.0.1.
   * @default 0 (a free port)
   */
  readonly port?: number;
}

/** Starts the console of a running local system. */
export function startLocalConsole(options: LocalConsoleOptions): Promise<RunningConsole> {
  return startConsole({
    feed: options.feed,
    system: consoleSystem(options.root, options.running),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
}
