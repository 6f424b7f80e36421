/**
 * Who may talk to the console. It listens on 127.0.0.1 only, but a page of any web site the
 * developer opens can still send requests to 127.0.0.1: through DNS rebinding (a name of the
 * attacker's that resolves to 127.0.0.1, so the browser sends that name as `Host`) or by posting a
 * form across origins. So every request must name the console itself as `Host`, and a request that
 * changes something (a redrive) or runs something (the pattern tester) must be JSON (a cross-site
 * form cannot send it without CORS, which the console never grants) and, when the browser says where
 * it comes from (`Origin`), come from the console's own page.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Why a request is refused: the status and the message of its `generic_error`. */
export interface Refusal {
  readonly status: 403 | 415;
  readonly code: 'forbidden' | 'unsupported_media_type';
  readonly message: string;
}

/** The names the console answers to on `port`: 127.0.0.1 and localhost. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** Why a request may not be served at all (it is not addressed to the console), or undefined. */
export function hostRefusal(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): Refusal | undefined {
  const host = headers.host?.toLowerCase();
  if (host === undefined || !hosts.has(host)) {
    return {
      status: 403,
      code: 'forbidden',
      message: `the console answers only to ${[...hosts].join(' and ')}: open it by that address`,
    };
  }
  return undefined;
}

/** Why a request that acts (a POST) may not be served, or undefined when it may. */
export function actionRefusal(headers: IncomingHttpHeaders, hosts: ReadonlySet<string>): Refusal | undefined {
  const origin = headers.origin;
  if (origin !== undefined && !hosts.has(origin.replace(/^http:\/\//, '').toLowerCase())) {
    return {
      status: 403,
      code: 'forbidden',
      message: 'requests that act come only from the console page itself',
    };
  }
  const type = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    return {
      status: 415,
      code: 'unsupported_media_type',
      message: 'send the request body as application/json',
    };
  }
  return undefined;
}
