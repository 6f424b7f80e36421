import type { JsonPath } from '../../diagnostic';
import { place } from '../../place';
import type { Spec } from '../../schema';
import type { LintRule } from '../rule';
import { enumsOf, enumValuesOf, fieldsOf, modelsOf, operationsOf, parametersOf } from '../walk';

/**
 * Terms with a clearer, neutral replacement. Patterns run on normalized text: camelCase split,
 * lower case, anything but letters and digits turned into single spaces. So `whiteList`,
 * `white_list` and `white-list` are all "white list", while `mastercard` or `mastery` match nothing.
 */
export const TERMS: ReadonlyArray<{ readonly pattern: RegExp; readonly instead: string }> = [
  { pattern: /\bmasters?\b/, instead: 'main, primary, source or leader' },
  { pattern: /\bslaves?\b/, instead: 'replica, secondary or follower' },
  { pattern: /\bwhite ?list(s|ed|ing)?\b/, instead: 'allowlist' },
  { pattern: /\bblack ?list(s|ed|ing)?\b/, instead: 'denylist or blocklist' },
  { pattern: /\bgrandfather(s|ed|ing)?\b/, instead: 'legacy, exempt or carried over' },
  { pattern: /\bsanity (check|test)(s|ed|ing)?\b/, instead: 'confidence check or quick check' },
  { pattern: /\bdumm(y|ies)\b/, instead: 'placeholder, sample or stub' },
  { pattern: /\bman ?(hours?|days?|months?)\b/, instead: 'person-hours, work hours or effort' },
  { pattern: /\bmanpower\b/, instead: 'workforce or staffing' },
  { pattern: /\bcrippl(e|es|ed|ing)\b/, instead: 'impair, degrade or disable' },
];

export function normalizeText(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ');
}

/** The terms a text uses, each once, with its replacement. */
export function nonInclusiveTerms(text: string): Array<{ term: string; instead: string }> {
  const normalized = normalizeText(text);
  const out: Array<{ term: string; instead: string }> = [];
  for (const { pattern, instead } of TERMS) {
    const match = pattern.exec(normalized);
    if (match) out.push({ term: match[0], instead });
  }
  return out;
}

interface Text {
  readonly what: string;
  readonly text: string;
  readonly jsonPath: JsonPath;
  readonly at: string;
}

/** Every name, path and description of a spec, with where it is. */
function textsOf(spec: Spec): Text[] {
  const texts: Text[] = [];
  const add = (what: string, text: string | undefined, jsonPath: JsonPath, at: string) => {
    if (text !== undefined) texts.push({ what, text, jsonPath, at });
  };
  /** Description and deprecation of an element whose JSON path is `jsonPath`. */
  const documented = (
    label: string,
    element: { description?: string | undefined; deprecation?: { description: string } | undefined },
    jsonPath: JsonPath,
    at: string,
  ) => {
    add(`the description of ${label}`, element.description, [...jsonPath, 'description'], at);
    add(
      `the deprecation of ${label}`,
      element.deprecation?.description,
      [...jsonPath, 'deprecation', 'description'],
      at,
    );
  };

  const service = place.service(spec.name);
  add('the service name', spec.name, ['name'], service);
  documented(`service "${spec.name}"`, spec, [], service);
  for (const [name, annotation] of Object.entries(spec.annotations ?? {})) {
    const at = place.annotation(spec.name, name);
    add(`the name of annotation "${name}"`, name, ['annotations', name], at);
    documented(`annotation "${name}"`, annotation, ['annotations', name], at);
  }
  for (const { name, enumDef, jsonPath, at } of enumsOf(spec)) {
    add(`the name of enum "${name}"`, name, jsonPath, at);
    documented(`enum "${name}"`, enumDef, jsonPath, at);
  }
  for (const { enumName, value, jsonPath, at } of enumValuesOf(spec)) {
    const label = `value "${value.name}" of enum "${enumName}"`;
    add(`the name of ${label}`, value.name, [...jsonPath, 'name'], at);
    documented(label, value, jsonPath, at);
  }
  for (const { name, model, jsonPath, at } of modelsOf(spec)) {
    add(`the name of model "${name}"`, name, jsonPath, at);
    documented(`model "${name}"`, model, jsonPath, at);
  }
  for (const { modelName, field, jsonPath, at } of fieldsOf(spec)) {
    const label = `field "${field.name}" of model "${modelName}"`;
    add(`the name of ${label}`, field.name, [...jsonPath, 'name'], at);
    documented(label, field, jsonPath, at);
  }
  for (const [name, resource] of Object.entries(spec.resources ?? {})) {
    const at = place.resource(spec.name, name);
    add(`the path of resource "${name}"`, resource.path, ['resources', name, 'path'], at);
    documented(`resource "${name}"`, resource, ['resources', name], at);
  }
  for (const { operation, key, jsonPath, at } of operationsOf(spec)) {
    add(`the path of ${key}`, operation.path, [...jsonPath, 'path'], at);
    documented(key, operation, jsonPath, at);
    if (operation.body) {
      add(
        `the description of the body of ${key}`,
        operation.body.description,
        [...jsonPath, 'body', 'description'],
        place.body(spec.name, key),
      );
    }
    for (const [status, response] of Object.entries(operation.responses)) {
      add(
        `the description of the ${status} response of ${key}`,
        response.description,
        [...jsonPath, 'responses', status, 'description'],
        place.response(spec.name, key, status),
      );
    }
  }
  for (const { operation, parameter, jsonPath, at } of parametersOf(spec)) {
    const label = `parameter "${parameter.name}" of ${operation.key}`;
    add(`the name of ${label}`, parameter.name, [...jsonPath, 'name'], at);
    documented(label, parameter, jsonPath, at);
  }
  (spec.subscriptions ?? []).forEach((subscription, i) => {
    add(
      `the description of the subscription to ${subscription.service}.${subscription.resource}`,
      subscription.description,
      ['subscriptions', i, 'description'],
      place.subscription(spec.name, subscription.service, subscription.resource),
    );
  });
  return texts;
}

export const inclusiveTerminology: LintRule = {
  id: 'inclusive-terminology',
  description:
    'Names, paths and descriptions use neutral terms (no master/slave, whitelist/blacklist, grandfathered, sanity check, dummy, man-hours...): they are clearer and welcome everyone.',
  check(spec, report) {
    for (const { what, text, jsonPath, at } of textsOf(spec)) {
      for (const { term, instead } of nonInclusiveTerms(text)) {
        report(jsonPath, at, `${what} uses "${term}"`, `Say ${instead} instead.`);
      }
    }
  },
};
