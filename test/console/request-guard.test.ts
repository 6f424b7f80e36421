import { actionRefusal, allowedHosts, hostRefusal } from '../../lib/console/request-guard';

const hosts = allowedHosts(4999);

describe('hostRefusal', () => {
  it.each([
    ['127.0.0.1 and the port', '127.0.0.1:4999', undefined],
    ['localhost, any letter case', 'LocalHost:4999', undefined],
    ['another name (DNS rebinding)', 'evil.example:4999', 403],
    ['another port', '127.0.0.1:5000', 403],
    ['no port', '127.0.0.1', 403],
    ['no Host', undefined, 403],
  ])('%s', (_title, host, status) => {
    expect(hostRefusal(host === undefined ? {} : { host }, hosts)?.status).toBe(status);
  });
});

describe('actionRefusal', () => {
  it.each([
    ['JSON without Origin (curl, a test)', { 'content-type': 'application/json' }, undefined],
    ['JSON with a charset', { 'content-type': 'application/json; charset=utf-8' }, undefined],
    [
      'JSON from the page',
      { 'content-type': 'application/json', origin: 'http://127.0.0.1:4999' },
      undefined,
    ],
    [
      'JSON from localhost',
      { 'content-type': 'application/json', origin: 'http://localhost:4999' },
      undefined,
    ],
    [
      'a form (what a cross-site page can send)',
      { 'content-type': 'application/x-www-form-urlencoded' },
      415,
    ],
    ['text/plain', { 'content-type': 'text/plain' }, 415],
    ['no content type', {}, 415],
    ['another origin', { 'content-type': 'application/json', origin: 'http://evil.example' }, 403],
    ['an opaque origin', { 'content-type': 'application/json', origin: 'null' }, 403],
    ['https to the same host', { 'content-type': 'application/json', origin: 'https://127.0.0.1:4999' }, 403],
  ])('%s', (_title, headers, status) => {
    expect(actionRefusal(headers, hosts)?.status).toBe(status);
  });
});
