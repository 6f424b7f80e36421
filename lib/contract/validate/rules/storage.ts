import { didYouMean } from '../../suggest';
import { tryParseTypeRef } from '../../type-ref';
import type { SpecRule } from '../context';
import {
  describeType,
  forEachRepeat,
  isScalar,
  mentionsSpecial,
  mentionsUnknown,
  modelOf,
  nameHint,
} from './walk';

export const storageIndex: SpecRule = {
  id: 'storage-index',
  description:
    'Storage indexes name fields of the resource model that are primitives (not object, json or unit) or enums, ' +
    'each once, and no two indexes are the same.',
  check(spec, report) {
    for (const [name, resource] of Object.entries(spec.resources ?? {})) {
      const model = modelOf(spec, name);
      const indexes = resource.storage?.indexes ?? [];
      if (!model) continue; // resource-model reports it
      const fields = new Map(model.fields.map((field) => [field.name, field]));
      indexes.forEach((index, i) => {
        const indexPath = ['resources', name, 'storage', 'indexes', i];
        index.fields.forEach((fieldName, j) => {
          const path = [...indexPath, 'fields', j];
          const field = fields.get(fieldName);
          if (!field) {
            report(
              path,
              `index ${i} of resource "${name}" names "${fieldName}", which is not a field of model "${name}"`,
              nameHint(
                didYouMean(fieldName, fields.keys()),
                `Index fields of model "${name}": ${[...fields.keys()].join(', ')}.`,
              ),
            );
            return;
          }
          const ref = tryParseTypeRef(field.type);
          if (!ref || mentionsUnknown(spec, ref) || mentionsSpecial(ref) || isScalar(spec, ref)) return;
          report(
            path,
            `index ${i} of resource "${name}" names field "${fieldName}" of type ${describeType(spec, ref, field.type)}; ` +
              'an index field must be a primitive (not object, json or unit) or an enum',
            'Index a field holding a single plain value, such as a string id.',
          );
        });
        forEachRepeat(
          index.fields,
          (f) => f,
          (j, first, fieldName) =>
            report(
              [...indexPath, 'fields', j],
              `index ${i} of resource "${name}" names field "${fieldName}" twice (first at fields[${first}])`,
              'Remove the repeat.',
            ),
        );
      });
      forEachRepeat(
        indexes,
        (index) => JSON.stringify(index.fields),
        (i, first, index) =>
          report(
            ['resources', name, 'storage', 'indexes', i],
            `index ${i} of resource "${name}" on ${JSON.stringify(index.fields)} is the same as index ${first}`,
            'Remove one of them (an index is defined by its fields, in order).',
          ),
      );
    }
  },
};

export const resourceEvents: SpecRule = {
  id: 'resource-events',
  description: 'Only a stored resource publishes events, and each event is listed once.',
  check(spec, report) {
    for (const [name, resource] of Object.entries(spec.resources ?? {})) {
      if (!resource.events) continue;
      if (!resource.storage) {
        report(
          ['resources', name, 'events'],
          `resource "${name}" lists events but has no storage; only a stored resource publishes events`,
          'Add "storage": {} if this service stores the resource, or remove "events".',
        );
      }
      forEachRepeat(
        resource.events,
        (event) => event,
        (i, first, event) =>
          report(
            ['resources', name, 'events', i],
            `event "${event}" is listed twice on resource "${name}" (first at events[${first}])`,
            'Remove the repeat.',
          ),
      );
    }
  },
};
