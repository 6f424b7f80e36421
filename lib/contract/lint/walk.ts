import type { JsonPath } from '../diagnostic';
import { allOperations, type OperationRef } from '../model';
import { place } from '../place';
import type { EnumDef, EnumValue, Field, Model, Parameter, Spec } from '../schema';

/**
 * The parts of a spec that lint rules visit, each with its JSON path (for line and column) and
 * its place (for `at`), so every rule locates the same thing the same way.
 */

export interface ModelRef {
  readonly name: string;
  readonly model: Model;
  readonly jsonPath: JsonPath;
  readonly at: string;
}

export interface FieldRef {
  readonly modelName: string;
  readonly field: Field;
  readonly jsonPath: JsonPath;
  readonly at: string;
}

export interface EnumRef {
  readonly name: string;
  readonly enumDef: EnumDef;
  readonly jsonPath: JsonPath;
  readonly at: string;
}

export interface EnumValueRef {
  readonly enumName: string;
  readonly value: EnumValue;
  readonly jsonPath: JsonPath;
  readonly at: string;
}

export interface LintOperation extends OperationRef {
  readonly jsonPath: JsonPath;
  readonly at: string;
}

export interface ParameterRef {
  readonly operation: LintOperation;
  readonly parameter: Parameter;
  readonly jsonPath: JsonPath;
  readonly at: string;
}

export function modelsOf(spec: Spec): ModelRef[] {
  return Object.entries(spec.models ?? {}).map(([name, model]) => ({
    name,
    model,
    jsonPath: ['models', name],
    at: place.model(spec.name, name),
  }));
}

export function fieldsOf(spec: Spec): FieldRef[] {
  return modelsOf(spec).flatMap(({ name, model }) =>
    model.fields.map((field, i) => ({
      modelName: name,
      field,
      jsonPath: ['models', name, 'fields', i],
      at: place.field(spec.name, name, field.name),
    })),
  );
}

export function enumsOf(spec: Spec): EnumRef[] {
  return Object.entries(spec.enums ?? {}).map(([name, enumDef]) => ({
    name,
    enumDef,
    jsonPath: ['enums', name],
    at: place.enum(spec.name, name),
  }));
}

export function enumValuesOf(spec: Spec): EnumValueRef[] {
  return enumsOf(spec).flatMap(({ name, enumDef }) =>
    enumDef.values.map((value, i) => ({
      enumName: name,
      value,
      jsonPath: ['enums', name, 'values', i],
      at: place.enumValue(spec.name, name, value.name),
    })),
  );
}

export function operationsOf(spec: Spec): LintOperation[] {
  return allOperations(spec).map((ref) => ({
    ...ref,
    jsonPath: ['resources', ref.resourceName, 'operations', ref.operationIndex],
    at: place.operation(spec.name, ref.key),
  }));
}

export function parametersOf(spec: Spec): ParameterRef[] {
  return operationsOf(spec).flatMap((operation) =>
    (operation.operation.parameters ?? []).map((parameter, i) => ({
      operation,
      parameter,
      jsonPath: [...operation.jsonPath, 'parameters', i],
      at: place.parameter(spec.name, operation.key, parameter.name),
    })),
  );
}

export const SNAKE_CASE = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/** `UserForm`, `userForm`, `user-form`, ` User Form ` all become `user_form`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[_0-9]+|_+$/g, '');
}
