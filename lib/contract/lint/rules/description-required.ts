import { place } from '../../place';
import type { LintRule } from '../rule';
import { modelsOf, operationsOf } from '../walk';

const missing = (description: string | undefined) => (description ?? '').trim() === '';

export const descriptionRequired: LintRule = {
  id: 'description-required',
  description:
    'Services, models, resources and operations have a description: it is the documentation of the generated client, the OpenAPI and the console.',
  check(spec, report) {
    if (missing(spec.description)) {
      report(
        [],
        place.service(spec.name),
        `service "${spec.name}" has no description`,
        'Add a top-level "description" saying what the service owns, in one or two sentences.',
      );
    }
    for (const { name, model, jsonPath, at } of modelsOf(spec)) {
      if (missing(model.description)) {
        report(
          jsonPath,
          at,
          `model "${name}" has no description`,
          'Add a "description" saying what the model represents.',
        );
      }
    }
    for (const [name, resource] of Object.entries(spec.resources ?? {})) {
      if (missing(resource.description)) {
        report(
          ['resources', name],
          place.resource(spec.name, name),
          `resource "${name}" has no description`,
          'Add a "description" saying what the collection holds and who writes it.',
        );
      }
    }
    for (const { operation, key, jsonPath, at } of operationsOf(spec)) {
      if (missing(operation.description)) {
        report(
          jsonPath,
          at,
          `operation ${key} has no description`,
          'Add a "description" saying what the operation does.',
        );
      }
    }
  },
};
