import { deflateSync, gzipSync } from 'node:zlib';
import { BATCHES, type HostileRow, invalid, JOBS, json, LABEL, NOT_JSON } from './hostile-bodies.table.js';

/** The catalogue of bad requests, part two: content types and codings, URLs, query values, methods and headers. */
const UNSUPPORTED = { code: 415, reason: 'UnsupportedMediaType' };
const contentTypes: HostileRow[] = [
  { name: 'charset=utf-16 on a UTF-8 body', method: 'POST', path: JOBS, headers: { 'content-type': 'application/json; charset=utf-16' }, body: '{"jobId":"x"}', code: 422, reason: 'Invalid', message: NOT_JSON },
  { name: 'charset=latin1', method: 'POST', path: JOBS, headers: { 'content-type': 'application/json; charset=latin1' }, body: '{}', ...UNSUPPORTED, message: /^request body: unsupported charset "LATIN1"$/ },
  { name: 'charset=bogus', method: 'POST', path: JOBS, headers: { 'content-type': 'application/json; charset=bogus' }, body: '{}', ...UNSUPPORTED, message: /^request body: unsupported charset "BOGUS"$/ },
  invalid('text/plain that is not JSON', 'hello', NOT_JSON),
  { name: 'a multipart form', method: 'POST', path: JOBS, headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x\r\nContent-Disposition: form-data; name="payload"\r\n\r\nhi\r\n--x--\r\n', code: 422, reason: 'Invalid', message: NOT_JSON },
  { name: 'a url-encoded form', method: 'POST', path: JOBS, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'payload=hi&jobId=x', code: 422, reason: 'Invalid', message: NOT_JSON },
  { name: 'gzip that is not gzip', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'gzip' }, body: Buffer.from('not gzip at all'), code: 400, reason: 'BadRequest', message: /^request body could not be read: / },
  { name: 'gzip cut short', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync('{"payload": "cut short"}').subarray(0, 12), code: 400, reason: 'BadRequest', message: /^request body could not be read: / },
  { name: 'deflate that is not deflate', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'deflate' }, body: Buffer.from('junk'), code: 400, reason: 'BadRequest', message: /^request body could not be read: / },
  { name: 'br that is not br', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'br' }, body: Buffer.from('not brotli'), code: 400, reason: 'BadRequest', message: /^request body could not be read: / },
  { name: 'gzip that inflates past the limit', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(`{"x":"${' '.repeat(8 * 1024 * 1024)}"}`), code: 413, reason: 'RequestEntityTooLarge', message: /^request body is larger than \d+ bytes$/ },
  { name: 'gzip of a bad body', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync('{"timeLimitSeconds":"1"}'), code: 422, reason: 'Invalid', message: /^timeLimitSeconds must be an integer number$/ },
  { name: 'deflate of a bad body', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'deflate' }, body: deflateSync('{"args":[1]}'), code: 422, reason: 'Invalid', message: /^args must be a list of strings/ },
  { name: 'identity with a bad body', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'identity' }, body: '{"node":[]}', code: 422, reason: 'Invalid', message: /^node must be an object$/ },
  { name: 'an unknown content encoding', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'zstd' }, body: 'x', ...UNSUPPORTED, message: /^request body: unsupported content encoding "zstd"$/ },
  { name: 'gzip twice, declared once', method: 'POST', path: JOBS, headers: { ...json, 'content-encoding': 'gzip' }, body: gzipSync(gzipSync('{}')), code: 400, reason: 'BadRequest', message: /^request body is not valid UTF-8$/ },
];

const notFound = (name: string, method: string, path: string, message: RegExp): HostileRow => ({ name, method, path, code: 404, reason: 'NotFound', message });
const NO_JOB = /^job \S+ not found$/;
const urls: HostileRow[] = [
  notFound('a traversal in a job name', 'GET', `${JOBS}/..%2f..%2fetc`, NO_JOB),
  notFound('a traversal to a secret', 'GET', `${JOBS}/..%2f..%2fsecrets%2fx`, NO_JOB),
  notFound('a double-encoded traversal', 'GET', `${JOBS}/%252e%252e%252f`, NO_JOB),
  notFound('an encoded dot-dot', 'DELETE', `${JOBS}/%2e%2e`, NO_JOB),
  notFound('a backslash traversal', 'GET', `${JOBS}/..%5c..%5cwindows`, NO_JOB),
  notFound('a NUL in a job name', 'GET', `${JOBS}/compute%00`, NO_JOB),
  notFound('a line break in a job name', 'GET', `${JOBS}/compute-%0d%0aSet-Cookie:%20x=1%00`, /^job compute-\r\nSet-Cookie: x=1\u0000 not found$/),
  notFound('a 300-character job name', 'GET', `${JOBS}/${'a'.repeat(300)}`, NO_JOB),
  notFound('a 10,000-character job name', 'DELETE', `${JOBS}/${'a'.repeat(10_000)}`, NO_JOB),
  notFound('an uppercase job name', 'GET', `${JOBS}/COMPUTE-20210407105556-RKWAIBWE`, NO_JOB),
  notFound('a unicode job name', 'GET', `${JOBS}/${encodeURIComponent('jöb-名前')}`, NO_JOB),
  notFound('a job name with a dot', 'POST', `${JOBS}/a.b/stop`, NO_JOB),
  notFound('a traversal in stop', 'POST', `${JOBS}/..%2f..%2fx/stop`, NO_JOB),
  notFound('a traversal in restart', 'POST', `${JOBS}/..%2fx/restart`, NO_JOB),
  notFound('a traversal in copy', 'POST', `${JOBS}/..%2fx/copy`, NO_JOB),
  notFound('a traversal in payload', 'GET', `${JOBS}/..%2f..%2fetc%2fpasswd/payload`, NO_JOB),
  notFound('a traversal in logs', 'GET', `${JOBS}/..%2fx/logs`, NO_JOB),
  notFound('a traversal in a batch name', 'GET', `${BATCHES}/..%2f..%2fetc`, /^batch \S+ not found$/),
  notFound('a NUL in a batch name', 'DELETE', `${BATCHES}/batch%00`, /^batch \S+ not found$/),
  notFound('a traversal in a batch job name', 'GET', `${BATCHES}/batch-x/jobs/..%2f..`, /^batch \S+ not found$/),
  notFound('an uppercase batch name', 'POST', `${BATCHES}/BATCH-X/stop`, /^batch \S+ not found$/),
  notFound('a path under a job that no route has', 'GET', `${JOBS}/x/secrets`, /^no route GET /),
  notFound('an API version that does not exist', 'GET', '/api/v2/jobs', /^no route GET \/api\/v2\/jobs$/),
  notFound('a traversal out of the API', 'GET', '/api/v1/..%2f..%2fetc%2fpasswd', /^no route GET /),
  { name: 'a percent sign that encodes nothing', method: 'GET', path: `${JOBS}/%zz`, code: 400, reason: 'BadRequest', message: /^Failed to decode param/ },
  { name: 'a lone surrogate, percent-encoded, in a job name', method: 'GET', path: `${JOBS}/%ed%a0%80`, code: 400, reason: 'BadRequest', message: /^Failed to decode param/ },
  { name: 'a cut-off percent escape', method: 'DELETE', path: `${JOBS}/abc%`, code: 400, reason: 'BadRequest', message: /^Failed to decode param/ },
];

const badQuery = (name: string, path: string, message: RegExp): HostileRow => ({ name, method: 'GET', path, code: 422, reason: 'Invalid', message });
const LIMIT = /^limit must be a whole number from 1 to 1000$/;
const WAIT = /^wait must be a whole number of seconds from 0 to 300$/;
const queries: HostileRow[] = [
  ...['0', '1001', 'abc', '-1', '1.5', '01', '%20', '1e2'].map((v) => badQuery(`jobs?limit=${v}`, `${JOBS}?limit=${v}`, LIMIT)),
  badQuery('jobs?limit twice', `${JOBS}?limit=1&limit=2`, LIMIT),
  badQuery('jobs?limit empty', `${JOBS}?limit=`, LIMIT),
  badQuery('batches?limit=0', `${BATCHES}?limit=0`, LIMIT),
  ...['Bogus', 'waiting', 'Active'].map((v) => badQuery(`jobs?status=${v}`, `${JOBS}?status=${v}`, /^status must be one of Waiting, Running, Succeeded, Failed, Stopped$/)),
  badQuery('batches?status=Bogus', `${BATCHES}?status=Bogus`, /^status must be one of /),
  badQuery('jobs?jobId with a space', `${JOBS}?jobId=a%20b`, new RegExp(`^jobId ${LABEL.source}`)),
  badQuery('batches?batchId with a NUL', `${BATCHES}?batchId=a%00`, new RegExp(`^batchId ${LABEL.source}`)),
  badQuery('jobs?createdAfter=yesterday', `${JOBS}?createdAfter=yesterday`, /^createdAfter must be an RFC 3339 time/),
  badQuery('jobs?createdBefore in month 13', `${JOBS}?createdBefore=2021-13-01T00:00:00Z`, /^createdBefore must be an RFC 3339 time/),
  badQuery('batches?createdAfter as a number', `${BATCHES}?createdAfter=1617790117`, /^createdAfter must be an RFC 3339 time/),
  badQuery('jobs?continue with odd characters', `${JOBS}?limit=1&continue=!!!`, /^continue must be the X-Continue token of a previous page$/),
  badQuery('jobs?continue too long', `${JOBS}?limit=1&continue=${'a'.repeat(401)}`, /^continue must be the X-Continue token/),
  badQuery('jobs?constructor', `${JOBS}?constructor=1`, /^constructor: "constructor" is not allowed as a name$/),
  badQuery('jobs?status empty', `${JOBS}?status=`, /^status must be one of /),
  badQuery('jobs?status twice', `${JOBS}?status=Waiting&status=Running`, /^status must be one of /),
  ...['-1', '301', 'abc', '1.5', '1e2', ''].map((v) => badQuery(`job?wait=${v}`, `${JOBS}/x?wait=${v}`, WAIT)),
  badQuery('job?wait twice', `${JOBS}/x?wait=1&wait=2`, WAIT),
  badQuery('batch?wait=999', `${BATCHES}/x?wait=999`, WAIT),
  badQuery('batch?wait twice', `${BATCHES}/x?wait=0&wait=0`, WAIT),
  ...['yes', '1', 'TRUE'].map((v) => badQuery(`logs?follow=${v}`, `${JOBS}/x/logs?follow=${v}`, /^follow must be true or false$/)),
  ...['-1', '100001', 'abc'].map((v) => badQuery(`logs?tail=${v}`, `${JOBS}/x/logs?tail=${v}`, /^tail must be a whole number of lines from 0 to 100000$/)),
  ...['-1', 'abc', '10000'].map((v) => badQuery(`logs?attempt=${v}`, `${JOBS}/x/logs?attempt=${v}`, /^attempt must be the index of an attempt/)),
  badQuery('events?job in uppercase', '/api/v1/events?job=UPPER', /^job must be a job name$/),
  badQuery('events?batch with a traversal', '/api/v1/events?batch=..%2fx', /^batch must be a batch name$/),
  badQuery('events?job twice', '/api/v1/events?job=a&job=b', /^job must be a job name$/),
  badQuery('events?access_token with a space', '/api/v1/events?access_token=a%20b', /^access_token must be the API token$/),
  { name: 'events with a bad Last-Event-ID', method: 'GET', path: '/api/v1/events', headers: { 'last-event-id': 'x' }, code: 422, reason: 'Invalid', message: /Last-Event-ID/ },
];

const wrongMethod = (method: string, path: string, allow: string): HostileRow => ({
  name: `${method} ${path}`,
  method,
  path,
  code: 405,
  reason: 'MethodNotAllowed',
  message: new RegExp(`^method ${method} is not allowed on ${path.replace(/[/]/g, '\\/')}; allowed: ${allow}$`),
});
const methods: HostileRow[] = [
  wrongMethod('PUT', JOBS, 'GET, POST'),
  wrongMethod('PATCH', JOBS, 'GET, POST'),
  wrongMethod('DELETE', JOBS, 'GET, POST'),
  wrongMethod('PUT', `${JOBS}/x`, 'DELETE, GET'),
  wrongMethod('POST', `${JOBS}/x`, 'DELETE, GET'),
  wrongMethod('DELETE', `${JOBS}/x/stop`, 'POST'),
  wrongMethod('GET', `${JOBS}/x/restart`, 'POST'),
  wrongMethod('PUT', `${JOBS}/x/logs`, 'GET'),
  wrongMethod('POST', `${JOBS}/x/payload`, 'GET'),
  wrongMethod('PUT', BATCHES, 'GET, POST'),
  wrongMethod('PATCH', `${BATCHES}/x`, 'DELETE, GET'),
  wrongMethod('DELETE', `${BATCHES}/x/jobs/y`, 'GET'),
  wrongMethod('POST', '/api/v1/events', 'GET'),
  wrongMethod('DELETE', '/metrics', 'GET'),
  wrongMethod('TRACE', JOBS, 'GET, POST'),
  wrongMethod('OPTIONS', JOBS, 'GET, POST'),
  wrongMethod('OPTIONS', `${JOBS}/x`, 'DELETE, GET'),
  { name: 'OPTIONS from a page of another site', method: 'OPTIONS', path: JOBS, headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' }, code: 403, reason: 'Forbidden', message: /origin/i },
];

const KEY = /^Idempotency-Key: must be 1 to 255 visible ASCII characters$/;
const idempotencyKey = (name: string, key: string, path = JOBS): HostileRow => ({ name, method: 'POST', path, headers: { ...json, 'idempotency-key': key }, body: path === JOBS ? '{}' : '{"jobScheduleDescriptions":[{}]}', code: 422, reason: 'Invalid', message: KEY });
const headers: HostileRow[] = [
  idempotencyKey('an Idempotency-Key of 256 characters', 'k'.repeat(256)),
  idempotencyKey('an Idempotency-Key with a space', 'a b'),
  idempotencyKey('an Idempotency-Key with a tab', 'a\tb', BATCHES),
  idempotencyKey('an Idempotency-Key of Latin-1 bytes', Buffer.from('cl\u00e9', 'latin1').toString('latin1')),
];

export const REQUEST_ROWS: HostileRow[] = [...contentTypes, ...urls, ...queries, ...methods, ...headers];

/** HEAD answers carry no body: these rows assert the status and that the headers announce a Status. */
export const HEAD_ROWS: { name: string; path: string; code: number }[] = [
  { name: 'HEAD of a job that does not exist', path: `${JOBS}/nope`, code: 404 },
  { name: 'HEAD of a traversal', path: `${JOBS}/..%2f..%2fetc`, code: 404 },
  { name: 'HEAD of a bad list query', path: `${JOBS}?limit=0`, code: 422 },
  { name: 'HEAD of a route that only takes POST', path: `${JOBS}/x/restart`, code: 405 },
];
