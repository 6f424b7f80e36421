// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Fn::Sub strings use CloudFormation's ${} syntax.
/** The intrinsic function evaluator, given a template node and a scope, wants a string (or an error). */
import {
  evaluate,
  evaluateText,
  type IntrinsicScope,
  renderText,
  renderValue,
  Text,
  UnresolvableError,
  type Value,
} from '../../src/template/intrinsics';

const REFS: Record<string, Value> = {
  Table: Text.of('users-table'),
  Api: Text.api('users/Api'),
  Bus: Text.of('tributary-dev'),
  Names: [Text.of('a'), Text.of('b'), Text.of('c')],
  Port: 8080,
};
const ATTS: Record<string, Value> = {
  'Table.Arn': Text.of('arn:aws:dynamodb:eu-west-1:000000000000:table/users-table'),
  'Api.ApiEndpoint': Text.concat([
    Text.of('https://'),
    Text.api('users/Api'),
    Text.of('.execute-api.eu-west-1.amazonaws.com'),
  ]),
};
const EXPORTS: Record<string, Value> = { 'shared-bus-name': Text.of('tributary-dev') };

const scope: IntrinsicScope = {
  pseudo: { region: 'eu-west-1', accountId: '000000000000', stackName: 'tributary-dev-users' },
  ref: (name) => {
    const value = REFS[name];
    if (value === undefined) throw new UnresolvableError(`no parameter or resource ${name}`);
    return value;
  },
  getAtt: (logicalId, attribute) => {
    const value = ATTS[`${logicalId}.${attribute}`];
    if (value === undefined) throw new UnresolvableError(`no attribute ${logicalId}.${attribute}`);
    return value;
  },
  importValue: (name) => {
    const value = EXPORTS[name];
    if (value === undefined) throw new UnresolvableError(`no stack exports ${name}`);
    return value;
  },
  findInMap: (map, top, second) =>
    map === 'Regions' && top === 'eu-west-1' && second === 'Ami' ? 'ami-1' : undefined,
};

const apiUrl = (apiId: string) => `http://127.0.0.1:4000/${apiId}/`;
const render = (node: unknown) => renderText(evaluateText(node, scope), apiUrl);

const API_URL_JOIN = {
  'Fn::Join': [
    '',
    [
      'https://',
      { Ref: 'Api' },
      '.execute-api.',
      { Ref: 'AWS::Region' },
      '.',
      { Ref: 'AWS::URLSuffix' },
      '/',
    ],
  ],
};

describe('evaluate: strings', () => {
  it.each<[string, unknown, string]>([
    ['a literal', 'plain', 'plain'],
    ['a number', 42, '42'],
    ['Ref of a resource', { Ref: 'Table' }, 'users-table'],
    ['Ref of a number', { Ref: 'Port' }, '8080'],
    ['Ref AWS::Region', { Ref: 'AWS::Region' }, 'eu-west-1'],
    ['Ref AWS::AccountId', { Ref: 'AWS::AccountId' }, '000000000000'],
    ['Ref AWS::Partition', { Ref: 'AWS::Partition' }, 'aws'],
    ['Ref AWS::URLSuffix', { Ref: 'AWS::URLSuffix' }, 'amazonaws.com'],
    ['Ref AWS::StackName', { Ref: 'AWS::StackName' }, 'tributary-dev-users'],
    [
      'Fn::GetAtt as a list',
      { 'Fn::GetAtt': ['Table', 'Arn'] },
      'arn:aws:dynamodb:eu-west-1:000000000000:table/users-table',
    ],
    [
      'Fn::GetAtt as a string',
      { 'Fn::GetAtt': 'Table.Arn' },
      'arn:aws:dynamodb:eu-west-1:000000000000:table/users-table',
    ],
    ['Fn::Join', { 'Fn::Join': ['-', ['a', { Ref: 'Table' }, 3]] }, 'a-users-table-3'],
    ['Fn::Join of a list value', { 'Fn::Join': [',', { Ref: 'Names' }] }, 'a,b,c'],
    ['Fn::Join of nothing', { 'Fn::Join': [',', []] }, ''],
    [
      'Fn::Sub with a Ref',
      { 'Fn::Sub': 'table ${Table} in ${AWS::Region}' },
      'table users-table in eu-west-1',
    ],
    [
      'Fn::Sub with an attribute',
      { 'Fn::Sub': '${Table.Arn}/index/*' },
      'arn:aws:dynamodb:eu-west-1:000000000000:table/users-table/index/*',
    ],
    [
      'Fn::Sub with variables',
      { 'Fn::Sub': ['${Greeting}, ${Table}', { Greeting: 'hi' }] },
      'hi, users-table',
    ],
    [
      'Fn::Sub with a variable from an intrinsic',
      { 'Fn::Sub': ['x=${X}', { X: { Ref: 'Bus' } }] },
      'x=tributary-dev',
    ],
    ['Fn::Sub escape', { 'Fn::Sub': 'literal ${!Table}' }, 'literal ${Table}'],
    ['Fn::Select', { 'Fn::Select': [1, ['a', 'b', 'c']] }, 'b'],
    ['Fn::Select with a string index', { 'Fn::Select': ['2', { Ref: 'Names' }] }, 'c'],
    ['Fn::Select of Fn::Split', { 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, 'b'],
    ['Fn::ImportValue', { 'Fn::ImportValue': 'shared-bus-name' }, 'tributary-dev'],
    ['Fn::ImportValue of a Sub', { 'Fn::ImportValue': { 'Fn::Sub': 'shared-bus-name' } }, 'tributary-dev'],
    ['Fn::FindInMap', { 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Ami'] }, 'ami-1'],
    ['Fn::Base64', { 'Fn::Base64': 'hi' }, 'aGk='],
  ])('%s', (_, node, want) => {
    expect(render(node)).toBe(want);
  });
});

describe('evaluate: API URLs become local URLs', () => {
  it.each<[string, unknown, string]>([
    ['the execute-api URL CDK writes (Fn::Join)', API_URL_JOIN, 'http://127.0.0.1:4000/users/Api/'],
    [
      'Fn::Sub',
      { 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/' },
      'http://127.0.0.1:4000/users/Api/',
    ],
    [
      'with a path',
      { 'Fn::Sub': 'https://${Api}.execute-api.${AWS::Region}.amazonaws.com/users/x' },
      'http://127.0.0.1:4000/users/Api/users/x',
    ],
    [
      'ApiEndpoint: the local URL as the resolver gives it',
      { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] },
      'http://127.0.0.1:4000/users/Api/',
    ],
    [
      'ApiEndpoint joined with a path',
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Api', 'ApiEndpoint'] }, '/v1']] },
      'http://127.0.0.1:4000/users/Api/v1',
    ],
    ['the API id alone', { Ref: 'Api' }, 'users/Api'],
    [
      'the API id in an ARN',
      { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:1:${Api}/*' },
      'arn:aws:execute-api:eu-west-1:1:users/Api/*',
    ],
  ])('%s', (_, node, want) => {
    expect(render(node)).toBe(want);
  });
});

describe('evaluate: structures', () => {
  it('evaluates nested objects and lists, dropping AWS::NoValue', () => {
    const node = {
      source: ['tributary.users'],
      detail: { bus: { Ref: 'Bus' }, gone: { Ref: 'AWS::NoValue' } },
      list: ['a', { Ref: 'AWS::NoValue' }, { 'Fn::Select': [0, { Ref: 'Names' }] }],
      n: 1,
      flag: true,
      nothing: null,
    };
    expect(renderValue(evaluate(node, scope), apiUrl)).toEqual({
      source: ['tributary.users'],
      detail: { bus: 'tributary-dev' },
      list: ['a', 'a'],
      n: 1,
      flag: true,
      nothing: null,
    });
  });

  it('splits around tokens, keeping them whole', () => {
    const parts = evaluate({ 'Fn::Split': ['.', { 'Fn::GetAtt': ['Api', 'ApiEndpoint'] }] }, scope) as Text[];
    expect(parts.map((part) => renderText(part, apiUrl))).toEqual([
      'https://users/Api',
      'execute-api',
      'eu-west-1',
      'amazonaws',
      'com',
    ]);
  });
});

describe('evaluate: what cannot be resolved says where and why', () => {
  it.each<[string, unknown, string]>([
    ['an unknown Ref', { Ref: 'Nope' }, 'Ref: no parameter or resource Nope'],
    [
      'an unknown Ref deep inside',
      { 'Fn::Join': ['', ['a', { Ref: 'Nope' }]] },
      'Fn::Join[1][1].Ref: no parameter or resource Nope',
    ],
    [
      'an unknown attribute',
      { 'Fn::GetAtt': ['Table', 'StreamArn'] },
      'Fn::GetAtt: no attribute Table.StreamArn',
    ],
    ['an unsupported function', { 'Fn::If': ['C', 'a', 'b'] }, 'Fn::If: Fn::If is not supported locally'],
    ['a condition', { Condition: 'IsProd' }, 'Condition: Condition is not supported locally'],
    ['an index out of range', { 'Fn::Select': [5, ['a']] }, 'Fn::Select: index 5 is out of range (1 values)'],
    ['a malformed Join', { 'Fn::Join': ['-'] }, 'Fn::Join: Fn::Join takes [delimiter, [values]]'],
    ['a missing export', { 'Fn::ImportValue': 'nope' }, 'Fn::ImportValue: no stack exports nope'],
    [
      'a missing mapping',
      { 'Fn::FindInMap': ['Regions', 'x', 'y'] },
      'Fn::FindInMap: no mapping Regions.x.y',
    ],
    [
      'an object where a string is needed',
      { 'Fn::Join': ['', [{ a: 1 }]] },
      'Fn::Join[1][0]: expected a string, got an object',
    ],
    ['an unknown Sub variable', { 'Fn::Sub': '${Nope}' }, 'Fn::Sub: no parameter or resource Nope'],
  ])('%s', (_, node, want) => {
    expect(() => evaluate(node, scope)).toThrow(want);
  });
});
