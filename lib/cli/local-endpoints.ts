import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOCAL_REGION, type RunningSystem } from '@tributary/local-runtime';
import { z } from 'zod';
import { EVENT_BUS_NAME_VARIABLE } from '../../functions/runtime/conventions';
import { CliError } from './errors';

/**
 * Where the system `dev up` runs can be reached: its DynamoDB Local and event bus listen on free
 * ports, and its tables have the names the template gives them, so no one should have to guess.
 * `dev up` writes this file when everything answers and removes it when it stops; `dev republish
 * --local` (and any script) reads it. Like the parked-messages file, it lives in the project's
 * `.tributary/`.
 */

export const LOCAL_ENDPOINTS_FILE = join('.tributary', 'local.json');

const localEndpointsSchema = z.object({
  region: z.string().min(1),
  dynamodbEndpoint: z.string().min(1),
  eventBridgeEndpoint: z.string().min(1),
  services: z.record(z.string(), z.object({ tableName: z.string().min(1), eventBusName: z.string().min(1) })),
});

export type LocalEndpoints = z.infer<typeof localEndpointsSchema>;

/**
 * The endpoints and names of a running local system. A service's table is the table of its stack;
 * its bus is the one its functions put events on (the forwarder's EVENT_BUS_NAME), else the app's
 * only bus.
 */
export function localEndpoints(
  running: Pick<RunningSystem, 'system' | 'dynamodbEndpoint' | 'eventBusUrl'>,
): LocalEndpoints {
  const { system } = running;
  const services: Record<string, LocalEndpoints['services'][string]> = {};
  for (const api of [...system.apis].sort((a, b) => a.service.localeCompare(b.service))) {
    const tables = [...system.tables.values()].filter((t) => t.stack === api.stack);
    const buses = new Set(
      [...system.functions.values()]
        .filter((f) => f.stack === api.stack)
        .flatMap((f) => {
          const bus = f.environment[EVENT_BUS_NAME_VARIABLE];
          return bus ? [bus] : [];
        }),
    );
    const eventBusName =
      buses.size === 1 ? [...buses][0] : system.buses.length === 1 ? system.buses[0] : undefined;
    const tableName = tables.length === 1 ? tables[0]?.tableName : undefined;
    if (tableName && eventBusName) services[api.service] = { tableName, eventBusName };
  }
  return {
    region: LOCAL_REGION,
    dynamodbEndpoint: running.dynamodbEndpoint,
    eventBridgeEndpoint: running.eventBusUrl,
    services,
  };
}

/**
 * Writes the file for the project at `root`. Returns what removes it again, unless another `dev up`
 * has written its own since.
 */
export function writeLocalEndpoints(root: string, endpoints: LocalEndpoints): () => void {
  const file = join(root, LOCAL_ENDPOINTS_FILE);
  const text = `${JSON.stringify(endpoints, null, 2)}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return () => {
    try {
      if (readFileSync(file, 'utf8') === text) rmSync(file);
    } catch {
      // already gone
    }
  };
}

/** Reads the file of the project at `root`; a CliError saying to start `dev up` when there is none. */
export function readLocalEndpoints(root: string): LocalEndpoints {
  const file = join(root, LOCAL_ENDPOINTS_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliError(
      `no local system is running here (${LOCAL_ENDPOINTS_FILE} is missing): start it with \`npx dev up\` in another terminal, then run this again`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const result = localEndpointsSchema.safeParse(parsed);
  if (!result.success) {
    throw new CliError(`${LOCAL_ENDPOINTS_FILE} is not what \`dev up\` writes: restart \`npx dev up\``);
  }
  return result.data;
}
