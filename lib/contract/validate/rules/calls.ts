import { allOperations, findCalledOperation } from '../../model';
import type { Call, Spec } from '../../schema';
import { didYouMean } from '../../suggest';
import type { GraphRule, LoadedSpec } from '../context';

type Report = Parameters<GraphRule['check']>[1];

function checkCall(
  services: ReadonlyMap<string, Spec>,
  loaded: LoadedSpec,
  call: Call,
  path: (string | number)[],
  report: Report,
): void {
  if (call.service === loaded.spec.name) {
    report(
      loaded,
      [...path, 'service'],
      `a call to the service's own API ("${call.service}")`,
      'Call the domain code directly: a service reaches its own data without going through HTTP.',
    );
    return;
  }
  const target = services.get(call.service);
  if (!target) {
    const hint = didYouMean(call.service, services.keys());
    report(
      loaded,
      [...path, 'service'],
      `call to unknown service "${call.service}"`,
      hint ? `Fix the name: ${hint}` : `Known services: ${[...services.keys()].join(', ')}.`,
    );
    return;
  }
  if (!findCalledOperation(target, call)) {
    const known = allOperations(target).map((op) => op.key);
    const hint = didYouMean(`${call.method} ${call.path}`, known);
    report(
      loaded,
      [...path, 'path'],
      `service "${call.service}" has no operation ${call.method} ${call.path}`,
      hint ? `Fix the route: ${hint}` : `Its operations: ${known.join(', ')}.`,
    );
  }
}

export const callTarget: GraphRule = {
  id: 'call-target',
  description:
    "Every call an operation or subscription declares names another service's existing operation (method and path).",
  check(specs, report) {
    const services = new Map<string, Spec>();
    for (const loaded of specs)
      if (!services.has(loaded.spec.name)) services.set(loaded.spec.name, loaded.spec);
    for (const loaded of specs) {
      for (const [resourceName, resource] of Object.entries(loaded.spec.resources ?? {})) {
        resource.operations.forEach((operation, o) => {
          (operation.calls ?? []).forEach((call, c) => {
            checkCall(
              services,
              loaded,
              call,
              ['resources', resourceName, 'operations', o, 'calls', c],
              report,
            );
          });
        });
      }
      (loaded.spec.subscriptions ?? []).forEach((subscription, s) => {
        (subscription.calls ?? []).forEach((call, c) => {
          checkCall(services, loaded, call, ['subscriptions', s, 'calls', c], report);
        });
      });
    }
  },
};
