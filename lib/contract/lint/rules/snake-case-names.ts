import type { JsonPath } from '../../diagnostic';
import { place } from '../../place';
import type { LintRule } from '../rule';
import { enumsOf, enumValuesOf, fieldsOf, modelsOf, parametersOf, SNAKE_CASE, toSnakeCase } from '../walk';

export const snakeCaseNames: LintRule = {
  id: 'snake-case-names',
  description:
    'Service, annotation, model, enum, field, parameter and enum value names are lower snake case, so every generated language can use them as they are.',
  check(spec, report) {
    const check = (kind: string, name: string, jsonPath: JsonPath, at: string) => {
      if (SNAKE_CASE.test(name)) return;
      const suggestion = toSnakeCase(name);
      report(
        jsonPath,
        at,
        `${kind} name "${name}" is not lower snake case`,
        SNAKE_CASE.test(suggestion)
          ? `Rename it to "${suggestion}" (lower case letters and digits, words joined by single underscores).`
          : 'Use lower case letters and digits, starting with a letter, with words joined by single underscores.',
      );
    };
    check('service', spec.name, ['name'], place.service(spec.name));
    for (const name of Object.keys(spec.annotations ?? {})) {
      check('annotation', name, ['annotations', name], place.annotation(spec.name, name));
    }
    for (const { name, jsonPath, at } of modelsOf(spec)) check('model', name, jsonPath, at);
    for (const { name, jsonPath, at } of enumsOf(spec)) check('enum', name, jsonPath, at);
    for (const { field, jsonPath, at } of fieldsOf(spec))
      check('field', field.name, [...jsonPath, 'name'], at);
    for (const { parameter, jsonPath, at } of parametersOf(spec)) {
      check('parameter', parameter.name, [...jsonPath, 'name'], at);
    }
    for (const { value, jsonPath, at } of enumValuesOf(spec))
      check('enum value', value.name, [...jsonPath, 'name'], at);
  },
};
