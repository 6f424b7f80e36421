import type { LintRule } from '../rule';
import { authNone } from './auth-none';
import { coupling } from './coupling';
import { descriptionRequired } from './description-required';
import { errorResponseBody } from './error-response-body';
import { inclusiveTerminology } from './inclusive-terminology';
import { listPagination } from './list-pagination';
import { pathLowercase } from './path-lowercase';
import { pathNoTrailingSlash } from './path-no-trailing-slash';
import { personalDataAnnotation } from './personal-data-annotation';
import { snakeCaseNames } from './snake-case-names';
import { standardResponses } from './standard-responses';
import { unusedType } from './unused-type';

/** Every lint rule, in the order they run (the output is sorted, so the order only matters for speed). */
export const LINT_RULES: readonly LintRule[] = [
  snakeCaseNames,
  descriptionRequired,
  pathLowercase,
  pathNoTrailingSlash,
  standardResponses,
  errorResponseBody,
  listPagination,
  personalDataAnnotation,
  authNone,
  unusedType,
  inclusiveTerminology,
  coupling,
];
