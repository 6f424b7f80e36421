/**
 * The list index's write ceiling and what sharding costs a list page:
 *   - per stored resource type of every spec in api-specs/, the list-index write ceiling before
 *     (one `by_type` partition) and after (its list shards), at DynamoDB's documented ~1,000 write
 *     units per second per partition (items up to 1 KB);
 *   - the latency of a list page (and of paging through everything) against DynamoDB Local, the
 *     same items under 1 shard and under the default shard count.
 * Prints figures; never fails a build. DynamoDB Local is one JVM on this machine: its latencies
 * show the cost of N queries per page relative to one, not what DynamoDB answers in AWS.
 *
 *   npx tsx bench/list-shards.bench.ts [items] [pages]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { testClock } from '../functions/runtime/clock';
import { DEFAULT_LIST_SHARDS, PARTITION_WRITE_UNITS_PER_SECOND } from '../functions/runtime/conventions';
import { ResourceRepository } from '../functions/runtime/repository';
import { specSchema } from '../lib/contract/schema';
import { tableLayout } from '../lib/contract/table-layout';
import { createServiceTable, localDynamoDbClient, startDynamoDbLocal } from '../test/support/dynamodb-local';
import {
  USERS_LAYOUT,
  type User,
  type UserForm,
  userForm,
  userSchema,
} from '../test/support/repository-fixture';

const ITEMS = Number(process.argv[2] ?? 1_000);
const PAGES = Number(process.argv[3] ?? 50);
const SPECS = join(__dirname, '..', 'api-specs');

function ceilings(): void {
  console.log(
    'list-index write ceiling per resource type (~1,000 write units/s per partition, items up to 1 KB):',
  );
  for (const file of readdirSync(SPECS).filter(
    (name) => name.endsWith('.json') && !name.includes('.schema.') && !name.includes('allow'),
  )) {
    const layout = tableLayout(specSchema.parse(JSON.parse(readFileSync(join(SPECS, file), 'utf8'))));
    for (const resource of layout.resources) {
      const before = PARTITION_WRITE_UNITS_PER_SECOND;
      const after = resource.listShards * PARTITION_WRITE_UNITS_PER_SECOND;
      console.log(
        `  ${`${layout.service}.${resource.resource}`.padEnd(28)} before ${before.toLocaleString('en-US').padStart(6)}/s (1 partition)   after ${after.toLocaleString('en-US').padStart(6)}/s (${resource.listShards} shards)`,
      );
    }
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

async function main(): Promise<void> {
  ceilings();
  const local = await startDynamoDbLocal();
  const raw = localDynamoDbClient(local);
  const doc = DynamoDBDocumentClient.from(raw);
  try {
    console.log(
      `\nlist latency against DynamoDB Local, ${ITEMS} items, ${PAGES} first pages of 25, then paging through all:`,
    );
    for (const shards of [1, DEFAULT_LIST_SHARDS]) {
      const tableName = `bench-${shards}`;
      await createServiceTable(raw, tableName, USERS_LAYOUT);
      const repo = new ResourceRepository<User, UserForm>({
        client: doc,
        tableName,
        resource: 'user',
        idPrefix: 'usr',
        indexes: [],
        parse: (item) => userSchema.parse(item),
        clock: testClock('2026-01-01T00:00:00.000Z'),
        listShards: shards,
      });
      for (let i = 0; i < ITEMS; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, ITEMS - i) }, () => repo.create(userForm())));
      }
      const times: number[] = [];
      for (let i = 0; i < PAGES; i++) {
        const start = performance.now();
        await repo.list({ limit: 25 });
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const start = performance.now();
      let pages = 0;
      let cursor: string | undefined;
      do {
        const page = await repo.list({ limit: 100, ...(cursor === undefined ? {} : { cursor }) });
        cursor = page.cursor;
        pages++;
      } while (cursor !== undefined);
      const all = performance.now() - start;
      console.log(
        `  ${String(shards).padStart(2)} shard(s): page of 25 p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms; all ${ITEMS} in ${pages} pages of 100: ${all.toFixed(0)} ms`,
      );
    }
  } finally {
    doc.destroy();
    await local.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
