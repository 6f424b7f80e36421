import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadServiceSpec } from '../../lib/cli/service-spec';
import { discoverSpecFiles, serviceNameOfFile } from '../../lib/contract/files';

/** A project whose orders spec subscribes to (and calls) users: valid only with users.json beside it. */
const FIXTURE = join(__dirname, '..', 'fixtures', 'republish');
const ROOT = join(__dirname, '..', '..');

const projects: string[] = [];
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-spec-set-'));
  projects.push(dir);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}
afterAll(() => {
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

describe('loadServiceSpec', () => {
  it('validates a spec together with the specs it refers to', () => {
    const loaded = loadServiceSpec(FIXTURE, 'orders');
    expect(loaded.spec.name).toBe('orders');
    expect(loaded.spec.subscriptions?.[0]).toMatchObject({ service: 'users', resource: 'user' });
  });

  it('loads every service of the reference system', () => {
    const services = discoverSpecFiles(ROOT).map(serviceNameOfFile);
    expect(services.length).toBeGreaterThan(1);
    for (const service of services) {
      expect(loadServiceSpec(ROOT, service).spec.name).toBe(service);
    }
  });

  it('refuses an unknown service, listing the known ones', () => {
    expect(() => loadServiceSpec(FIXTURE, 'nope')).toThrow(
      'no service "nope" in api-specs/; services: orders, users',
    );
  });

  it('refuses when the spec it refers to is missing, naming the file', () => {
    const dir = project();
    rmSync(join(dir, 'api-specs', 'users.json'));
    expect(() => loadServiceSpec(dir, 'orders')).toThrow(
      'the specs are invalid (api-specs/orders.json): run `npx dev validate` and fix them first',
    );
  });

  it('refuses when another spec of the set is invalid, naming every invalid file', () => {
    const dir = project();
    writeFileSync(join(dir, 'api-specs', 'users.json'), '{ "name": "users", ');
    // users.json does not parse, so orders' subscription to it is invalid too.
    expect(() => loadServiceSpec(dir, 'orders')).toThrow(
      'the specs are invalid (api-specs/orders.json, api-specs/users.json): run `npx dev validate`',
    );
    // Even a service that refers to nothing: the set it belongs to must be valid.
    expect(() => loadServiceSpec(dir, 'users')).toThrow('api-specs/users.json');
  });

  it('reads the files wherever the process runs', () => {
    const cwd = process.cwd();
    try {
      process.chdir(tmpdir());
      expect(loadServiceSpec(FIXTURE, 'orders').spec.name).toBe('orders');
    } finally {
      process.chdir(cwd);
    }
  });
});
