import type { Change } from '../../../lib/contract/diff/change';
import type { AcceptedChange } from '../../../lib/contract/diff/diff';
import {
  exitCodeFor,
  formatAcceptedJson,
  formatGithub,
  formatJson,
  formatText,
} from '../../../lib/contract/diff/format';
import { INFO_REMEDY, RULES } from '../../../lib/contract/diff/rules';

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

const ALLOW = 'api-specs/breaking-changes.allow.json';
const ACCEPT = `accept the break in ${ALLOW} with a reason`;

const ACCEPTED: AcceptedChange[] = [
  {
    ...change({
      rule: 'response-enum-value-added',
      level: 'warning',
      service: 'users',
      at: 'users.enums.user_status.values.banned',
      sides: ['response'],
      operations: ['GET /users/:id'],
      message: 'value "banned" was added to enum "user_status"',
      line: 40,
      column: 9,
    }),
    reason: 'Every consumer\nhandles banned since 2026-11.',
    allowEntry: { file: ALLOW, line: 7, column: 3 },
  },
  {
    ...change({
      rule: 'operation-removed',
      level: 'error',
      service: 'shipping',
      at: 'shipping.operations.DELETE /parcels/:id',
      message: 'operation DELETE /parcels/:id was removed',
      line: 9,
      column: 7,
    }),
    reason: 'Nobody ever called it: no request in 90 days of logs.',
    allowEntry: { file: ALLOW, line: 2, column: 3 },
  },
];

describe('formatText', () => {
  it('groups by service, worst first, with rule, place, file:line:col, message, operations, sides and remedy', () => {
    expect(formatText(CHANGES)).toBe(
      [
        'billing (0 errors, 0 warnings, 1 info)',
        '  info     service-added  billing',
        '           api-specs/billing.json:3:11',
        '           service "billing" was added',
        '           remedy: none needed: a new service breaks no client',
        '',
        'users (1 error, 1 warning, 1 info)',
        '  error    response-field-removed  users.models.user.fields.email',
        '           api-specs/users.json:12:5',
        '           field "email" of model "user" was removed: old clients that read it will not find it',
        '           reaches GET /users/:id, PUT /users/:id (request and response side)',
        `           remedy: keep the field (mark it \`deprecation\` first and remove it later), or ${ACCEPT}`,
        '  warning  request-default-changed  users.operations.GET /users.parameters.limit',
        '           api-specs/users.json:70:47',
        '           parameter "limit" of GET /users changed (default 25 → 50): 100%, surely, safe',
        '           reaches GET /users (request side)',
        `           remedy: keep the previous \`default\` (add a parameter or field for the new behaviour), or ${ACCEPT}`,
        '  info     description-changed  users.models.user',
        '           api-specs/users.json:20:22',
        '           the description of model "user" changed: documentation only',
        '           reaches GET /users/:id (response side)',
        '           remedy: none needed: documentation only',
      ].join('\n'),
    );
  });

  it('lists accepted changes per service after the others, with the entry’s place and reason, a service of their own included', () => {
    expect(formatText(CHANGES.slice(1, 2), ACCEPTED)).toBe(
      [
        'shipping (0 errors, 0 warnings, 0 info; 1 accepted)',
        '  accepted:',
        '  error    operation-removed  shipping.operations.DELETE /parcels/:id',
        '           api-specs/shipping.json:9:7',
        '           operation DELETE /parcels/:id was removed',
        `           accepted at ${ALLOW}:2:3: Nobody ever called it: no request in 90 days of logs.`,
        '',
        'users (1 error, 0 warnings, 0 info; 1 accepted)',
        '  error    response-field-removed  users.models.user.fields.email',
        '           api-specs/users.json:12:5',
        '           field "email" of model "user" was removed: old clients that read it will not find it',
        '           reaches GET /users/:id, PUT /users/:id (request and response side)',
        `           remedy: keep the field (mark it \`deprecation\` first and remove it later), or ${ACCEPT}`,
        '  accepted:',
        '  warning  response-enum-value-added  users.enums.user_status.values.banned',
        '           api-specs/users.json:40:9',
        '           value "banned" was added to enum "user_status"',
        '           reaches GET /users/:id (response side)',
        `           accepted at ${ALLOW}:7:3: Every consumer handles banned since 2026-11.`,
      ].join('\n'),
    );
  });

  it('gives a breaking rule reported as info (a removed 4xx) no fix to make', () => {
    const removed404 = change({
      rule: 'response-status-removed',
      level: 'info',
      service: 'users',
      at: 'users.operations.GET /users/:id.responses.404',
    });
    expect(formatText([removed404])).toContain(`remedy: ${INFO_REMEDY}`);
    expect(formatText([{ ...removed404, level: 'error' }])).toContain(
      `remedy: ${RULES['response-status-removed'].remedy}`,
    );
  });

  it('shows no remedy for a rule it does not know', () => {
    const odd = change({ rule: 'no-such-rule', level: 'error', service: 's', at: 's' });
    expect(formatText([odd])).not.toContain('remedy:');
  });

  it('says so when nothing changed', () => {
    expect(formatText([])).toBe('No API changes.');
    expect(formatText([], [])).toBe('No API changes.');
  });
});

describe('formatJson', () => {
  it('is a stable, sorted array of rule, level, service, at, sides, operations, message, remedy, file, line, column', () => {
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
    "remedy": "none needed: a new service breaks no client",
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
    "remedy": "keep the field (mark it \`deprecation\` first and remove it later), or accept the break in api-specs/breaking-changes.allow.json with a reason",
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
    "remedy": "keep the previous \`default\` (add a parameter or field for the new behaviour), or accept the break in api-specs/breaking-changes.allow.json with a reason",
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
    "remedy": "none needed: documentation only",
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

  it('gives null as the remedy of a rule it does not know', () => {
    const odd = change({ rule: 'no-such-rule', level: 'error', service: 's', at: 's' });
    expect(JSON.parse(formatJson([odd]))[0].remedy).toBeNull();
  });
});

describe('formatAcceptedJson', () => {
  it('is the changes’ own keys plus the reason and the allow entry’s place, sorted', () => {
    const out = JSON.parse(formatAcceptedJson([...ACCEPTED].reverse()));
    expect(out.map((c: { service: string }) => c.service)).toEqual(['shipping', 'users']);
    expect(out[0]).toEqual({
      ...JSON.parse(formatJson([ACCEPTED[1] as Change]))[0],
      reason: 'Nobody ever called it: no request in 90 days of logs.',
      allow_entry: { file: ALLOW, line: 2, column: 3 },
    });
    expect(Object.keys(out[1])).toEqual([
      'rule',
      'level',
      'service',
      'at',
      'sides',
      'operations',
      'message',
      'remedy',
      'file',
      'line',
      'column',
      'reason',
      'allow_entry',
    ]);
  });

  it('is an empty array when nothing was accepted', () => {
    expect(formatAcceptedJson([])).toBe('[]');
  });
});

describe('formatGithub', () => {
  it('writes one workflow annotation per change, escaping data and properties', () => {
    expect(formatGithub(CHANGES).split('\n')).toEqual([
      '::notice file=api-specs/billing.json,line=3,col=11,title=service-added::service "billing" was added%0ARemedy: none needed: a new service breaks no client',
      `::error file=api-specs/users.json,line=12,col=5,title=response-field-removed::field "email" of model "user" was removed: old clients that read it will not find it%0ARemedy: keep the field (mark it \`deprecation\` first and remove it later), or ${ACCEPT}`,
      `::warning file=api-specs/users.json,line=70,col=47,title=request-default-changed::parameter "limit" of GET /users changed (default 25 → 50): 100%25, surely, safe%0ARemedy: keep the previous \`default\` (add a parameter or field for the new behaviour), or ${ACCEPT}`,
      '::notice file=api-specs/users.json,line=20,col=22,title=description-changed::the description of model "user" changed: documentation only%0ARemedy: none needed: documentation only',
    ]);
  });

  it('adds each accepted change as a notice at its place, naming the allow entry and its reason', () => {
    expect(formatGithub([], ACCEPTED).split('\n')).toEqual([
      `::notice file=api-specs/shipping.json,line=9,col=7,title=operation-removed (accepted)::operation DELETE /parcels/:id was removed%0AAccepted at ${ALLOW}:2:3: Nobody ever called it: no request in 90 days of logs.`,
      `::notice file=api-specs/users.json,line=40,col=9,title=response-enum-value-added (accepted)::value "banned" was added to enum "user_status"%0AAccepted at ${ALLOW}:7:3: Every consumer handles banned since 2026-11.`,
    ]);
    expect(
      formatGithub(CHANGES.slice(1, 2), ACCEPTED)
        .split('\n')
        .map((l) => l.slice(0, 9)),
    ).toEqual(['::error f', '::notice ', '::notice ']);
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
