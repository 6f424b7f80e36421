import { AccessDeniedException, InternalException, ThrottlingException } from '@aws-sdk/client-eventbridge';
import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isRetryableCallError,
  isRetryableEntryError,
} from '../../../../functions/runtime/forwarder/retry-policy';

describe('isRetryableEntryError', () => {
  it.each([
    ['ThrottlingException', true],
    ['InternalFailure', true],
    ['AccessDeniedException', false],
    ['InvalidAccountIdException', false],
    ['InvalidArgument', false],
    ['MalformedDetail', false],
    ['RedactionFailure', false],
    ['NotAuthorizedForSourceException', false],
    ['NotAuthorizedForDetailTypeException', false],
    [undefined, false],
  ])('%s → %s', (code, want) => {
    expect(isRetryableEntryError(code)).toBe(want);
  });
});

const meta = (httpStatusCode: number) => ({ $metadata: { httpStatusCode } });

describe('isRetryableCallError', () => {
  it.each([
    [
      'ThrottlingException (SDK class)',
      new ThrottlingException({ message: 'slow down', ...meta(400) }),
      true,
    ],
    ['InternalException (SDK class, 500)', new InternalException({ message: 'oops', ...meta(500) }), true],
    ['AccessDeniedException', new AccessDeniedException({ message: 'no', ...meta(400) }), false],
    ['any 503', Object.assign(new Error('x'), { name: 'Whatever', ...meta(503) }), true],
    ['429', Object.assign(new Error('x'), { name: 'Whatever', ...meta(429) }), true],
    [
      'ValidationException 400',
      Object.assign(new Error('x'), { name: 'ValidationException', ...meta(400) }),
      false,
    ],
    [
      'ResourceNotFoundException (no such bus)',
      Object.assign(new Error('x'), { name: 'ResourceNotFoundException' }),
      false,
    ],
    ['socket reset', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), true],
    ['DNS hiccup', Object.assign(new Error('getaddrinfo'), { code: 'EAI_AGAIN' }), true],
    ['SDK TimeoutError', Object.assign(new Error('timeout'), { name: 'TimeoutError' }), true],
    ['marked $retryable', Object.assign(new Error('x'), { name: 'Odd', $retryable: {} }), true],
    ['plain Error', new Error('bug'), false],
    ['a string', 'boom', false],
    ['null', null, false],
  ])('%s → %s', (_name, error, want) => {
    expect(isRetryableCallError(error)).toBe(want);
  });
});

describe('backoffDelay: exponential with full jitter', () => {
  const policy = { maxAttempts: 8, baseDelayMs: 100, maxDelayMs: 1_000 };

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1_000],
    [30, 1_000],
  ])('retry %i waits up to %i ms', (retry, ceiling) => {
    expect(backoffDelay(retry, policy, () => 0)).toBe(0);
    expect(backoffDelay(retry, policy, () => 0.5)).toBe(Math.floor(ceiling / 2));
    expect(backoffDelay(retry, policy, () => 0.999999)).toBe(ceiling - 1);
  });

  it('has sane defaults', () => {
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBeGreaterThan(1);
    expect(DEFAULT_RETRY_POLICY.baseDelayMs).toBeLessThan(DEFAULT_RETRY_POLICY.maxDelayMs);
  });
});
