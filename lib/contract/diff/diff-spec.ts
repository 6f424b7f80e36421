import { serviceNameOfFile } from '../files';
import { place } from '../place';
import type { LoadedSpec } from '../validate/context';
import type { Change } from './change';
import { DiffContext } from './context';
import { compareDescription } from './members';
import { compareNamedTypes } from './named-types';
import { compareOperations } from './operations';
import { NO_REACH } from './reach';
import { compareResources } from './resources';
import { defaultLevel } from './rules';

/**
 * Compares one spec at the base revision with the working copy. Pure: no I/O. `undefined`
 * means the spec does not exist on that side. The service is named by its file, which stays
 * put when `name` is edited. Changes come out in discovery order; callers sort them.
 */
export function diffSpec(base: LoadedSpec | undefined, head: LoadedSpec | undefined): Change[] {
  if (!base && !head) return [];
  if (!base && head) {
    const service = serviceNameOfFile(head.file);
    const { line, column } = head.source.positionOf(['name']);
    return [
      {
        rule: 'service-added',
        level: defaultLevel('service-added'),
        service,
        at: place.service(service),
        sides: [],
        operations: [],
        message: `service "${service}" was added`,
        file: head.file,
        line,
        column,
      },
    ];
  }
  if (base && !head) {
    const service = serviceNameOfFile(base.file);
    return [
      {
        rule: 'service-removed',
        level: defaultLevel('service-removed'),
        service,
        at: place.service(service),
        sides: [],
        operations: [],
        message: `service "${service}" was removed with all its operations and events: old clients and subscribers break`,
        file: base.file,
        line: 1,
        column: 1,
      },
    ];
  }
  if (!base || !head) return [];
  const service = serviceNameOfFile(head.file);
  const ctx = new DiffContext(service, head.file, base, head);
  if (base.spec.name !== head.spec.name) {
    ctx.report({
      at: place.service(service),
      path: ['name'],
      reach: NO_REACH,
      what: `the service name changed from "${base.spec.name}" to "${head.spec.name}"`,
      verdicts: [
        {
          side: 'any',
          rule: 'service-renamed',
          why: 'event sources, stack names and clients that address the service by name break',
        },
      ],
    });
  }
  compareDescription(
    ctx,
    { label: `service "${service}"`, at: place.service(service), path: [], reach: NO_REACH },
    base.spec.description,
    head.spec.description,
  );
  compareResources(ctx);
  compareOperations(ctx);
  compareNamedTypes(ctx);
  return ctx.changes;
}
