import type { Change } from '../../../lib/spec/diff/change';
import { exitCodeFor, formatGithub, formatJson, formatText } from '../../../lib/spec/diff/format';

const change = (over: Partial<Change> & Pick<Change, 'rule' | 'level' | 'service' | 'at'>): Change => ({
  sides: [],
  operations: [],
  message: 'something changed',
  file: `api-specs/${over.service}.json`,
  line: 1,
  column: 1,
  ...over,
});

const CHANGES: Change[] = [
  change({
    rule: 'description-changed',
    level: 'info',
    service: 'users',
    at: 'users.models.user',
    sides: ['response'],
    operations: ['GET /users/:id'],
    message: 'the description of model "user" changed: documentation only',
    line: 20,
    column: 22,
  }),
  change({
    rule: 'response-field-removed',
    level: 'error',
    service: 'users',
    at: 'users.models.user.fields.email',
    sides: ['request', 'response'],
    operations: ['GET /users/:id', 'PUT /users/:id'],
    message: 'field "email" of model "user" was removed: old clients that read it will not find it',
    line: 12,
    column: 5,
  }),
  change({
    rule: 'request-default-changed',
    level: 'warning',
    service: 'users',
    at: 'users.operations.GET /users.parameters.limit',
    sides: ['request'],
    operations: ['GET /users'],
    message: 'parameter "limit" of GET /users changed (default 25 → 50): 100%, surely, safe',
    line: 70,
    column: 47,
  }),
  change({
    rule: 'service-added',
    level: 'info',
    service: 'billing',
    at: 'billing',
    message: 'service "billing" was added',
    line: 3,
    column: 11,
  }),
];

describe('formatText', () => {
  it('groups by service, worst first, with rule, place, file:line:col, message, operations and sides', () => {
    expect(formatText(CHANGES)).toBe(
      [
        'billing (0 errors, 0 warnings, 1 info)',
        '  info     service-added  billing',
        '           api-specs/billing.json:3:11',
        '           service "billing" was added',
        '',
        'users (1 error, 1 warning, 1 info)',
        '  error    response-field-removed  users.models.user.fields.email',
        '           api-specs/users.json:12:5',
        '           field "email" of model "user" was removed: old clients that read it will not find it',
        '           reaches GET /users/:id, PUT /users/:id (request and response side)',
        '  warning  request-default-changed  users.operations.GET /users.parameters.limit',
        '           api-specs/users.json:70:47',
        '           parameter "limit" of GET /users changed (default 25 → 50): 100%, surely, safe',
        '           reaches GET /users (request side)',
        '  info     description-changed  users.models.user',
        '           api-specs/users.json:20:22',
        '           the description of model "user" changed: documentation only',
        '           reaches GET /users/:id (response side)',
      ].join('\n'),
    );
  });

  it('says so when nothing changed', () => {
    expect(formatText([])).toBe('No API changes.');
  });
});

describe('formatJson', () => {
  it('is a stable, sorted array of rule, level, service, at, sides, operations, message, file, line, column', () => {
    const json = formatJson(CHANGES);
    expect(json).toBe(`[
  {
    "rule": "service-added",
    "level": "info",
    "service": "billing",
    "at": "billing",
    "sides": [],
    "operations": [],
    "message": "service \\"billing\\" was added",
    "file": "api-specs/billing.json",
    "line": 3,
    "column": 11
  },
  {
    "rule": "response-field-removed",
    "level": "error",
    "service": "users",
    "at": "users.models.user.fields.email",
    "sides": [
      "request",
      "response"
    ],
    "operations": [
      "GET /users/:id",
      "PUT /users/:id"
    ],
    "message": "field \\"email\\" of model \\"user\\" was removed: old clients that read it will not find it",
    "file": "api-specs/users.json",
    "line": 12,
    "column": 5
  },
  {
    "rule": "request-default-changed",
    "level": "warning",
    "service": "users",
    "at": "users.operations.GET /users.parameters.limit",
    "sides": [
      "request"
    ],
    "operations": [
      "GET /users"
    ],
    "message": "parameter \\"limit\\" of GET /users changed (default 25 → 50): 100%, surely, safe",
    "file": "api-specs/users.json",
    "line": 70,
    "column": 47
  },
  {
    "rule": "description-changed",
    "level": "info",
    "service": "users",
    "at": "users.models.user",
    "sides": [
      "response"
    ],
    "operations": [
      "GET /users/:id"
    ],
    "message": "the description of model \\"user\\" changed: documentation only",
    "file": "api-specs/users.json",
    "line": 20,
    "column": 22
  }
]`);
    expect(formatJson([...CHANGES].reverse())).toBe(json);
  });

  it('is an empty array when nothing changed', () => {
    expect(formatJson([])).toBe('[]');
  });
});

describe('formatGithub', () => {
  it('writes one workflow annotation per change, escaping data and properties', () => {
    expect(formatGithub(CHANGES).split('\n')).toEqual([
      '::notice file=api-specs/billing.json,line=3,col=11,title=service-added::service "billing" was added',
      '::error file=api-specs/users.json,line=12,col=5,title=response-field-removed::field "email" of model "user" was removed: old clients that read it will not find it',
      '::warning file=api-specs/users.json,line=70,col=47,title=request-default-changed::parameter "limit" of GET /users changed (default 25 → 50): 100%25, surely, safe',
      '::notice file=api-specs/users.json,line=20,col=22,title=description-changed::the description of model "user" changed: documentation only',
    ]);
  });

  it('escapes newlines in messages and commas and colons in properties', () => {
    const odd = change({
      rule: 'a',
      level: 'error',
      service: 's',
      at: 's',
      file: 'dir,x:y.json',
      message: 'one\ntwo\r',
    });
    expect(formatGithub([odd])).toBe('::error file=dir%2Cx%3Ay.json,line=1,col=1,title=a::one%0Atwo%0D');
  });

  it('is empty when nothing changed', () => {
    expect(formatGithub([])).toBe('');
  });
});

describe('exitCodeFor', () => {
  const only = (level: Change['level']) => [change({ rule: 'r', level, service: 's', at: 's' })];
  it.each<[string, 'error' | 'warning', 0 | 1, Change[]]>([
    ['nothing', 'error', 0, []],
    ['nothing', 'warning', 0, []],
    ['an error', 'error', 1, only('error')],
    ['an error', 'warning', 1, only('error')],
    ['a warning', 'error', 0, only('warning')],
    ['a warning', 'warning', 1, only('warning')],
    ['info', 'error', 0, only('info')],
    ['info', 'warning', 0, only('info')],
  ])('%s with --fail-on %s exits %s', (_what, failOn, code, changes) => {
    expect(exitCodeFor(changes, failOn)).toBe(code);
  });
});
