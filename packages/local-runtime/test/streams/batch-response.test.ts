import { batchOutcome } from '../../src/streams';

const SEQUENCES = ['100', '200', '300'];

it.each([
  ['no answer', undefined],
  ['null', null],
  ['a string', 'done'],
  ['a list', [{ itemIdentifier: '200' }]],
  ['an object without batchItemFailures', { ok: true }],
  ['batchItemFailures null', { batchItemFailures: null }],
  ['batchItemFailures empty', { batchItemFailures: [] }],
])('%s is a complete success', (_, answer) => {
  expect(batchOutcome(answer, SEQUENCES)).toEqual({ kind: 'success' });
});

it('a partial success retries from the lowest failed record', () => {
  expect(
    batchOutcome({ batchItemFailures: [{ itemIdentifier: '300' }, { itemIdentifier: '200' }] }, SEQUENCES),
  ).toEqual({ kind: 'partial', index: 1 });
  expect(batchOutcome({ batchItemFailures: [{ itemIdentifier: '100' }] }, SEQUENCES)).toEqual({
    kind: 'partial',
    index: 0,
  });
});

it.each([
  ['batchItemFailures not a list', { batchItemFailures: { itemIdentifier: '200' } }, /not a list/],
  ['an empty identifier', { batchItemFailures: [{ itemIdentifier: '' }] }, /without an itemIdentifier/],
  ['a null identifier', { batchItemFailures: [{ itemIdentifier: null }] }, /without an itemIdentifier/],
  ['a wrong key', { batchItemFailures: [{ sequenceNumber: '200' }] }, /without an itemIdentifier/],
  ['a null entry', { batchItemFailures: [null] }, /without an itemIdentifier/],
  ['an unknown sequence number', { batchItemFailures: [{ itemIdentifier: '250' }] }, /"250", not a sequence/],
])('%s fails the whole batch', (_, answer, reason) => {
  const outcome = batchOutcome(answer, SEQUENCES);
  expect(outcome.kind).toBe('failure');
  expect(outcome.kind === 'failure' ? outcome.reason : '').toMatch(reason);
});
