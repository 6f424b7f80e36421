import type { GraphRule, SpecRule } from '../context';
import { annotationDeclared } from './annotations';
import { bodyMethod } from './body-method';
import { bounds } from './bounds';
import { callTarget } from './calls';
import { decimalDigits } from './decimal-digits';
import { defaultValue } from './default-value';
import { enumValues } from './enum-values';
import { idPrefix } from './id-prefix';
import { indexIgnoreCase } from './index-ignore-case';
import { nameMatchesFile } from './name-matches-file';
import { operationName } from './operation-name';
import { parameterType } from './parameter-type';
import { duplicateRoute, pathFormat, pathParameterNaming, pathParameters } from './paths';
import { reservedFieldNames } from './reserved-field-names';
import { resourceModel } from './resource-model';
import { resourceResponseType, responseStatus, responseUnit, successResponse } from './responses';
import { resourceEvents, storageIndex } from './storage';
import { stringConstraints } from './string-constraints';
import { serviceNameUnique, subscriptionTarget, subscriptionUnique } from './subscriptions';
import { typeNameReserved, typeNameUnique } from './type-names';
import { typePlacement, typeSyntax, unknownType } from './type-references';
import { fieldNameUnique, parameterNameUnique } from './unique-names';

/** Every semantic rule of one spec, in the order they run. */
export const SPEC_RULES: readonly SpecRule[] = [
  nameMatchesFile,
  typeNameUnique,
  typeNameReserved,
  typeSyntax,
  typePlacement,
  annotationDeclared,
  enumValues,
  fieldNameUnique,
  parameterNameUnique,
  defaultValue,
  bounds,
  stringConstraints,
  decimalDigits,
  resourceModel,
  reservedFieldNames,
  idPrefix,
  storageIndex,
  indexIgnoreCase,
  resourceEvents,
  pathFormat,
  pathParameters,
  parameterType,
  bodyMethod,
  duplicateRoute,
  pathParameterNaming,
  operationName,
  responseStatus,
  responseUnit,
  successResponse,
  resourceResponseType,
  subscriptionUnique,
];

/** Every rule across specs. */
export const GRAPH_RULES: readonly GraphRule[] = [
  unknownType,
  serviceNameUnique,
  subscriptionTarget,
  callTarget,
];
