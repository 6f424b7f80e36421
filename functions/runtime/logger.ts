/**
 * The structured JSON logger of every Lambda: Powertools for AWS Lambda's Logger, with a formatter
 * that redacts personal data (see redact.ts) from everything a call logs.
 *
 * What is redacted: every attribute that is not the Powertools envelope, i.e. the keys of an object
 * passed as the message (`logger.info({ message, user })`), extra objects (`logger.info('m', { user })`),
 * errors (`logger.error('m', error)`: their own fields and cause), persistent and temporary keys
 * (`appendKeys`), and the invocation event when event logging is on. The envelope (level, message,
 * timestamp, service, Lambda context, X-Ray trace id) is not. A message string is logged as is: never
 * interpolate values into it; pass them as attributes.
 *
 * Caveat: an API Gateway event's `body` is a JSON *string*; redaction does not parse strings, so keep
 * POWERTOOLS_LOGGER_LOG_EVENT off for handlers that receive personal data.
 */
import { LogFormatter, Logger, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, LogLevel, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import type { Clock } from './clock';
import { redact } from './redact';

export interface RedactingLogFormatterOptions {
  /** Names of the fields annotated `personal_data` in the service's spec. */
  readonly personalFields: Iterable<string>;
  /** Stamps log lines; the logger's own time when left out. */
  readonly clock?: Clock;
}

/**
 * Powertools' standard log line (the keys of its default `PowertoolsLogFormatter`, which the package
 * does not export), with every non-envelope attribute passed through {@link redact}.
 */
export class RedactingLogFormatter extends LogFormatter {
  readonly #personalFields: ReadonlySet<string>;
  readonly #clock: Clock | undefined;

  constructor(options: RedactingLogFormatterOptions) {
    super();
    this.#personalFields = new Set(options.personalFields);
    this.#clock = options.clock;
  }

  override formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const context = attributes.lambdaContext;
    const envelope: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(this.#clock?.now() ?? attributes.timestamp),
      service: attributes.serviceName,
      cold_start: context?.coldStart,
      function_arn: context?.invokedFunctionArn,
      function_memory_size: context?.memoryLimitInMB,
      function_name: context?.functionName,
      function_request_id: context?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
      tenant_id: context?.tenantId,
    };
    const redacted = redact(additionalLogAttributes, this.#personalFields) as LogAttributes;
    return new LogItem({ attributes: envelope }).addAttributes(redacted);
  }
}

/**
 * What a service's code logs through: the four levels of a Powertools Logger (string or object
 * messages, extra attribute objects). A Logger from {@link createLogger} is one; so is a test's
 * recording fake whose methods take `(input: unknown, ...extra: unknown[])`.
 */
export type ServiceLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export interface CreateLoggerOptions {
  /** The service's name, as in its spec; appears as `service` on every line. */
  readonly serviceName: string;
  /** Names of the fields annotated `personal_data` in the service's spec. */
  readonly personalFields: Iterable<string>;
  /** Defaults to POWERTOOLS_LOG_LEVEL / AWS_LAMBDA_LOG_LEVEL, else INFO (Powertools' rules). */
  readonly logLevel?: LogLevel;
  /** Stamps log lines; the logger's own time when left out. */
  readonly clock?: Clock;
}

/**
 * A Powertools Logger that never writes a personal field's value. Create it once at module scope;
 * child loggers (`logger.createChild()`) keep the redaction.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  return new Logger({
    serviceName: options.serviceName,
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
    logFormatter: new RedactingLogFormatter({
      personalFields: options.personalFields,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
    }),
  });
}
