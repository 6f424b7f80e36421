import { matchTable } from './helpers';

describe('equals-ignore-case', () => {
  matchTable([
    {
      name: 'same casing',
      pattern: { name: [{ 'equals-ignore-case': 'alice' }] },
      event: { name: 'alice' },
      want: true,
    },
    {
      name: 'other casing',
      pattern: { name: [{ 'equals-ignore-case': 'alice' }] },
      event: { name: 'ALICE' },
      want: true,
    },
    {
      name: 'mixed casing',
      pattern: { name: [{ 'equals-ignore-case': 'ALICE' }] },
      event: { name: 'aLiCe' },
      want: true,
    },
    {
      name: 'other text',
      pattern: { name: [{ 'equals-ignore-case': 'alice' }] },
      event: { name: 'alicia' },
      want: false,
    },
    {
      name: 'longer text',
      pattern: { name: [{ 'equals-ignore-case': 'alice' }] },
      event: { name: 'alice ' },
      want: false,
    },
    { name: 'number event', pattern: { n: [{ 'equals-ignore-case': '5' }] }, event: { n: 5 }, want: false },
    {
      name: 'boolean event',
      pattern: { n: [{ 'equals-ignore-case': 'true' }] },
      event: { n: true },
      want: false,
    },
    {
      name: 'Unicode casing',
      pattern: { n: [{ 'equals-ignore-case': 'straße' }] },
      event: { n: 'STRASSE' },
      want: true,
    },
    {
      name: 'in an event array',
      pattern: { n: [{ 'equals-ignore-case': 'b' }] },
      event: { n: ['a', 'B'] },
      want: true,
    },
    { name: 'empty text', pattern: { n: [{ 'equals-ignore-case': '' }] }, event: { n: '' }, want: true },
  ]);
});
