import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { InvokeOptions, InvokeResult, LambdaInvoker, LocalRule, LocalRuleTarget } from '../../src/model';

export interface Invocation {
  readonly functionId: string;
  readonly event: any;
  /** The trace header the invocation was given. */
  readonly traceHeader?: string;
}

export type Behaviour = (event: any, attempt: number) => InvokeResult | Promise<InvokeResult>;

export const succeed = (value: unknown = null): InvokeResult => ({
  ok: true,
  value,
  durationMs: 1,
  coldStart: false,
});

export const fail = (errorMessage = 'boom', timedOut = false): InvokeResult => ({
  ok: false,
  error: { errorType: timedOut ? 'Sandbox.Timedout' : 'Error', errorMessage },
  durationMs: 1,
  coldStart: false,
  timedOut,
});

/** A LambdaInvoker that records every invocation and answers with the function's behaviour. */
export class FakeInvoker implements LambdaInvoker {
  readonly invocations: Invocation[] = [];
  readonly #behaviours = new Map<string, Behaviour>();

  on(functionId: string, behaviour: Behaviour): this {
    this.#behaviours.set(functionId, behaviour);
    return this;
  }

  of(functionId: string): Invocation[] {
    return this.invocations.filter((i) => i.functionId === functionId);
  }

  async invoke(functionId: string, event: unknown, options: InvokeOptions = {}): Promise<InvokeResult> {
    this.invocations.push({
      functionId,
      event,
      ...(options.traceHeader === undefined ? {} : { traceHeader: options.traceHeader }),
    });
    const attempt = this.of(functionId).length;
    const behaviour = this.#behaviours.get(functionId);
    return behaviour ? behaviour(event, attempt) : succeed();
  }
}

export function target(functionId: string, overrides: Partial<LocalRuleTarget> = {}): LocalRuleTarget {
  return { functionId, retryAttempts: 2, maxEventAgeSeconds: 3600, ...overrides };
}

export function rule(
  id: string,
  pattern: unknown,
  targets: LocalRuleTarget[],
  busName = 'app-bus',
): LocalRule {
  return { id, stack: id.split('/')[0] ?? 'Stack', busName, pattern, targets };
}

export function eventBridgeClient(url: string): EventBridgeClient {
  return new EventBridgeClient({
    endpoint: url,
    region: 'eu-west-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}
