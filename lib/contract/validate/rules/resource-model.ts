import { didYouMean } from '../../suggest';
import type { SpecRule } from '../context';
import { modelOf, nameHint } from './walk';

export const resourceModel: SpecRule = {
  id: 'resource-model',
  description:
    'A resource is keyed by a model of the spec whose first field is the required `id` of type `string`.',
  check(spec, report) {
    for (const name of Object.keys(spec.resources ?? {})) {
      const model = modelOf(spec, name);
      if (!model) {
        report(
          ['resources', name],
          `resource "${name}" names no model: a resource's key is the name of the model it serves`,
          nameHint(
            didYouMean(name, Object.keys(spec.models ?? {})),
            `Add a model "${name}" whose first field is { "name": "id", "type": "string" }.`,
          ),
        );
        continue;
      }
      const fieldsPath = ['models', name, 'fields'];
      const first = model.fields[0];
      const idIndex = model.fields.findIndex((field) => field.name === 'id');
      if (!first) {
        report(
          fieldsPath,
          `model "${name}" of resource "${name}" has no fields; its first field must be "id" of type "string"`,
          'Add { "name": "id", "type": "string" } as the first field.',
        );
      } else if (first.name !== 'id') {
        report(
          idIndex >= 0 ? [...fieldsPath, idIndex] : [...fieldsPath, 0, 'name'],
          idIndex >= 0
            ? `field "id" of model "${name}" is at fields[${idIndex}]; the model of a resource has "id" as its first field`
            : `model "${name}" of resource "${name}" has no field "id"; its first field must be "id" of type "string"`,
          idIndex >= 0
            ? 'Move the "id" field first.'
            : 'Add { "name": "id", "type": "string" } as the first field.',
        );
      } else {
        if (first.type !== 'string') {
          report(
            [...fieldsPath, 0, 'type'],
            `field "id" of model "${name}" has type "${first.type}"; the id of a resource is a "string"`,
            'Make its type "string" (ids are opaque strings such as "usr-01J...").',
          );
        }
        if (first.required === false) {
          report(
            [...fieldsPath, 0, 'required'],
            `field "id" of model "${name}" is optional; the id of a resource is required`,
            'Remove "required": false.',
          );
        }
      }
    }
  },
};
