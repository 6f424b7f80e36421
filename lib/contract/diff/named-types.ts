import { place } from '../place';
import type { EnumDef, EnumValue, Field, Model } from '../schema';
import type { DiffContext } from './context';
import { compareDescription, memberAdded, memberChanged, memberRemoved } from './members';
import type { Reach } from './reach';

/**
 * Models and enums present in both specs are compared structurally, once, at their own place.
 * Every change is judged on the sides the type was reached from in the base spec.
 */

function indexByName<T extends { readonly name: string }>(
  items: readonly T[],
): Map<string, { item: T; index: number }> {
  const out = new Map<string, { item: T; index: number }>();
  items.forEach((item, index) => {
    if (!out.has(item.name)) out.set(item.name, { item, index });
  });
  return out;
}

function compareModel(ctx: DiffContext, name: string, base: Model, head: Model, reach: Reach): void {
  const modelPath = ['models', name];
  compareDescription(
    ctx,
    { label: `model "${name}"`, at: place.model(ctx.service, name), path: modelPath, reach },
    base.description,
    head.description,
  );
  const baseFields = indexByName<Field>(base.fields);
  const headFields = indexByName<Field>(head.fields);
  const site = (field: string, path: (string | number)[]) => ({
    kind: 'field' as const,
    label: `field "${field}" of model "${name}"`,
    at: place.field(ctx.service, name, field),
    path,
    reach,
  });
  for (const [field, { item }] of baseFields) {
    const match = headFields.get(field);
    if (match) memberChanged(ctx, site(field, [...modelPath, 'fields', match.index]), item, match.item);
    else memberRemoved(ctx, site(field, [...modelPath, 'fields']), item);
  }
  for (const [field, { item, index }] of headFields) {
    if (!baseFields.has(field)) memberAdded(ctx, site(field, [...modelPath, 'fields', index]), item);
  }
}

function compareEnum(ctx: DiffContext, name: string, base: EnumDef, head: EnumDef, reach: Reach): void {
  const enumPath = ['enums', name];
  compareDescription(
    ctx,
    { label: `enum "${name}"`, at: place.enum(ctx.service, name), path: enumPath, reach },
    base.description,
    head.description,
  );
  const baseValues = indexByName<EnumValue>(base.values);
  const headValues = indexByName<EnumValue>(head.values);
  const onRequest = reach.request.size > 0;
  const onResponse = reach.response.size > 0;
  for (const [value, { item }] of baseValues) {
    const at = place.enumValue(ctx.service, name, value);
    const label = `value "${value}" of enum "${name}"`;
    const match = headValues.get(value);
    if (match) {
      compareDescription(
        ctx,
        { label, at, path: [...enumPath, 'values', match.index], reach },
        item.description,
        match.item.description,
      );
      continue;
    }
    ctx.report({
      at,
      path: [...enumPath, 'values'],
      reach,
      what: `${label} was removed`,
      deprecation: item.deprecation,
      verdicts: [
        onRequest
          ? {
              side: 'request',
              rule: 'request-enum-value-removed',
              why: 'the server rejects old clients that send it',
            }
          : undefined,
        onResponse
          ? {
              side: 'response',
              rule: 'response-enum-value-removed',
              why: 'the server no longer sends it; generated code may name the constant',
            }
          : undefined,
      ],
    });
  }
  for (const [value, { index }] of headValues) {
    if (baseValues.has(value)) continue;
    ctx.report({
      at: place.enumValue(ctx.service, name, value),
      path: [...enumPath, 'values', index],
      reach,
      what: `value "${value}" was added to enum "${name}"`,
      verdicts: [
        onRequest
          ? { side: 'request', rule: 'request-type-widened', why: 'the server accepts one more value' }
          : undefined,
        onResponse
          ? {
              side: 'response',
              rule: 'response-enum-value-added',
              why: 'old clients may receive a value their closed enum does not know',
            }
          : undefined,
      ],
    });
  }
}

type Named = { kind: 'model'; model: Model } | { kind: 'enum'; def: EnumDef };

function namedTypes(models: Record<string, Model> | undefined, enums: Record<string, EnumDef> | undefined) {
  const out = new Map<string, Named>();
  for (const [name, def] of Object.entries(enums ?? {})) out.set(name, { kind: 'enum', def });
  for (const [name, model] of Object.entries(models ?? {})) out.set(name, { kind: 'model', model });
  return out;
}

/** Compares every model and enum that exists in both specs. Added or removed types surface where they are used. */
export function compareNamedTypes(ctx: DiffContext): void {
  const base = namedTypes(ctx.base.spec.models, ctx.base.spec.enums);
  const head = namedTypes(ctx.head.spec.models, ctx.head.spec.enums);
  for (const [name, before] of base) {
    const after = head.get(name);
    if (!after) continue;
    const reach = ctx.reachOfType(name);
    if (before.kind === 'model' && after.kind === 'model')
      compareModel(ctx, name, before.model, after.model, reach);
    else if (before.kind === 'enum' && after.kind === 'enum')
      compareEnum(ctx, name, before.def, after.def, reach);
    else {
      ctx.report({
        at: after.kind === 'model' ? place.model(ctx.service, name) : place.enum(ctx.service, name),
        path: [after.kind === 'model' ? 'models' : 'enums', name],
        reach,
        what: `"${name}" changed from ${before.kind === 'model' ? 'a model to an enum' : 'an enum to a model'} (unrelated types)`,
        verdicts: [
          reach.request.size > 0
            ? {
                side: 'request',
                rule: 'request-type-narrowed',
                why: 'the server may reject values old clients send',
              }
            : undefined,
          reach.response.size > 0
            ? {
                side: 'response',
                rule: 'response-type-widened',
                why: 'old clients may receive values they do not understand',
              }
            : undefined,
        ],
      });
    }
  }
}
