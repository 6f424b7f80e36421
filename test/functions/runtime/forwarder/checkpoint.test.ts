import { batchResponse } from '../../../../functions/runtime/forwarder/checkpoint';
import { guardItem, insert, userItem } from './fixtures';

const records = [5, 6, 7, 8].map((seq) => insert(seq, userItem(`usr-${seq}`, 1)));

describe('batchResponse', () => {
  it.each([
    { name: 'all through → empty', notThrough: [], want: [] },
    { name: 'one failure', notThrough: [2], want: ['000000000000000000007'] },
    { name: 'the lowest in stream order wins', notThrough: [3, 1, 2], want: ['000000000000000000006'] },
    { name: 'the first record', notThrough: [0, 3], want: ['000000000000000000005'] },
    { name: 'indexes outside the batch are ignored', notThrough: [-1, 4, 1.5], want: [] },
  ])('$name', ({ notThrough, want }) => {
    expect(batchResponse(records, notThrough)).toEqual({
      batchItemFailures: want.map((itemIdentifier) => ({ itemIdentifier })),
    });
  });

  it('orders by position in the batch (the stream order), not by comparing sequence numbers as text', () => {
    const batch = [insert(99, guardItem('a', 'b')), insert(100, userItem('usr-1', 1))];
    batch[0]!.dynamodb!.SequenceNumber = '99';
    batch[1]!.dynamodb!.SequenceNumber = '100';
    expect(batchResponse(batch, [1, 0]).batchItemFailures).toEqual([{ itemIdentifier: '99' }]);
  });

  it('a record without a sequence number is reported with an empty identifier (whole batch retried)', () => {
    const batch = [insert(1, userItem('usr-1', 1))];
    delete batch[0]!.dynamodb!.SequenceNumber;
    expect(batchResponse(batch, [0]).batchItemFailures).toEqual([{ itemIdentifier: '' }]);
  });
});
