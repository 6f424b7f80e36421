import type { Spec } from '../../schema';
import { namedTypesOf, tryParseTypeRef } from '../../type-ref';
import type { LintRule } from '../rule';
import { enumsOf, modelsOf, operationsOf } from '../walk';

function namesIn(type: string): string[] {
  const ref = tryParseTypeRef(type);
  return ref ? namedTypesOf(ref) : [];
}

/**
 * The models and enums reachable from the service's API: resource models and the types of
 * operation bodies, responses and parameters, then the types of the fields of every reachable
 * model, transitively.
 */
export function reachableTypes(spec: Spec): Set<string> {
  const roots: string[] = Object.keys(spec.resources ?? {});
  for (const { operation } of operationsOf(spec)) {
    if (operation.body) roots.push(...namesIn(operation.body.type));
    for (const response of Object.values(operation.responses)) roots.push(...namesIn(response.type));
    for (const parameter of operation.parameters ?? []) roots.push(...namesIn(parameter.type));
  }
  const models = spec.models ?? {};
  const reached = new Set<string>();
  const pending = [...roots];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (reached.has(name)) continue;
    reached.add(name);
    const model = Object.hasOwn(models, name) ? models[name] : undefined;
    for (const field of model?.fields ?? []) pending.push(...namesIn(field.type));
  }
  return reached;
}

export const unusedType: LintRule = {
  id: 'unused-type',
  description:
    'Every model and enum is used, directly or through other models, by a resource or an operation (body, response or parameter); anything else is dead weight in the generated code.',
  check(spec, report) {
    const reached = reachableTypes(spec);
    const hint =
      "Remove it, or use it in a resource, an operation's body, response or parameter, or a used model's field.";
    for (const { name, jsonPath, at } of modelsOf(spec)) {
      if (!reached.has(name))
        report(jsonPath, at, `model "${name}" is not used by any resource or operation`, hint);
    }
    for (const { name, jsonPath, at } of enumsOf(spec)) {
      if (!reached.has(name))
        report(jsonPath, at, `enum "${name}" is not used by any resource or operation`, hint);
    }
  },
};
