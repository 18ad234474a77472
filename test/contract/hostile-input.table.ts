import { deflateSync, gzipSync } from 'node:zlib';

/**
 * The catalogue of bad requests: each row one request and the Status it must get. Rows are
 * data, not tests; hostile-input.e2e-spec.ts sends every row to a scheduler on each runtime.
 */
export interface HostileRow {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  code: number;
  reason: string;
  message: RegExp;
}

const JOBS = '/api/v1/jobs';
const BATCHES = '/api/v1/batches';
const json = { 'content-type': 'application/json' };
const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);
const escaped = (text: string) => text.replace(/[\s\S]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A refused body of POST /api/v1/jobs (or of `path`): 422 Invalid naming the field. */
function invalid(name: string, body: string, message: RegExp, path = JOBS): HostileRow {
  return { name, method: 'POST', path, headers: json, body, code: 422, reason: 'Invalid', message };
}

/** Each wrong value of one field, refused with one message. */
function wrongValues(field: string, values: string[], message: RegExp, wrap = (value: string) => `{${value}}`): HostileRow[] {
  return values.map((value) => invalid(`${field} = ${value.length > 40 ? `${value.slice(0, 40)}…` : value}`, wrap(`"${lastKey(field)}":${value}`), message));
}

function lastKey(field: string): string {
  return field.split('.').at(-1)!;
}

const NOT_INT = ['"10"', '1.5', 'true', '[]', '{}', '1e400'];
const NOT_STRING = ['5', 'true', '[]', '{}'];
const NOT_OBJECT = ['"x"', '5', 'true'];
const LABEL = /must be at most 63 characters of letters, digits, '-', '_' or '\.', starting and ending with a letter or digit$/;
const ENV = /^variables must be an object of environment variables/;
const RESOURCES = (field: string) => new RegExp(`^resources\\.${field} must be an object of resource names to quantities`);

const jobFields: HostileRow[] = [
  ...wrongValues('payload', NOT_STRING, /^payload must be a string$/),
  ...wrongValues('jobId', [...NOT_STRING, '"-starts-with-dash"', `"${'a'.repeat(64)}"`, '"has space"', '"ünïcode"', '"a\\u0000b"', '"../etc"', '"a\\ud800"'], new RegExp(`^jobId ${LABEL.source}`)),
  ...wrongValues('timeLimitSeconds', NOT_INT, /^timeLimitSeconds must be an integer number$/),
  ...wrongValues('timeLimitSeconds', ['0', '-1'], /^timeLimitSeconds must not be less than 1$/),
  ...wrongValues('timeLimitSeconds', ['2147483648'], /^timeLimitSeconds must not be greater than 2147483647$/),
  ...wrongValues('backoffLimit', NOT_INT, /^backoffLimit must be an integer number$/),
  ...wrongValues('backoffLimit', ['-1'], /^backoffLimit must not be less than 0$/),
  ...wrongValues('backoffLimit', ['2147483648'], /^backoffLimit must not be greater than 2147483647$/),
  ...wrongValues('resources', [...NOT_OBJECT, '[]'], /^resources must be an object$/),
  ...wrongValues('resources.requests', ['"x"', '[]', '{"cpu":5}', '{"cpu":"lots"}', '{"bad name!":"1"}', '{"cpu":"-1"}'], RESOURCES('requests'), (v) => `{"resources":{${v}}}`),
  ...wrongValues('resources.limits', ['5', '{"memory":"1XB"}', '{"memory":null}'], RESOURCES('limits'), (v) => `{"resources":{${v}}}`),
  ...wrongValues('node', [...NOT_OBJECT, '[]'], /^node must be an object$/),
  ...wrongValues('node.gpu', NOT_STRING, /^node\.gpu must be a string$/, (v) => `{"node":{${v}}}`),
  ...wrongValues('node.gpuCount', ['2', '"two"', '"-1"', '"２"', '"1.5"'], /^node\.gpuCount must be a whole number written as a string/, (v) => `{"node":{${v}}}`),
  ...wrongValues('runtime', [...NOT_OBJECT, '[]'], /^runtime must be an object$/),
  ...wrongValues('runtime.architecture', ['"x86"', '"AMD64"', '5', '[]'], /^runtime\.architecture must be one of the following values: amd64, arm64$/, (v) => `{"runtime":{${v}}}`),
  ...wrongValues('runtime.nodeType', ['"UPPER"', '"-x"', '5', '"🚀"'], /^runtime\.nodeType must be a label value/, (v) => `{"runtime":{${v}}}`),
  ...wrongValues('imageTagName', ['5', '""', '"bad tag!"', `"${'a'.repeat(129)}"`, '".leading-dot"'], /^imageTagName must be an image tag/),
  ...wrongValues('image', ['5', '""', '"bad image"', '"-x"', `"${'a'.repeat(600)}"`], /^image must be an image reference/),
  ...wrongValues('failurePolicy', [...NOT_OBJECT, '[]'], /^failurePolicy must be an object$/),
  ...wrongValues('failurePolicy.rules', ['"x"', '5', '{}'], /^failurePolicy\.rules must be an array$/, (v) => `{"failurePolicy":{${v}}}`),
  invalid('failurePolicy.rules missing', '{"failurePolicy":{}}', /^failurePolicy\.rules must be an array$/),
  invalid('failurePolicy rule without an action', '{"failurePolicy":{"rules":[{"onExitCodes":{"operator":"In","values":[1]}}]}}', /^failurePolicy\.rules\[0\]\.action must be one of the following values: FailJob, Ignore, Count$/),
  invalid('failurePolicy rule with an unknown action', '{"failurePolicy":{"rules":[{"action":"Retry","onExitCodes":{"operator":"In","values":[1]}}]}}', /^failurePolicy\.rules\[0\]\.action must be one of/),
  invalid('failurePolicy rule without onExitCodes', '{"failurePolicy":{"rules":[{"action":"FailJob"}]}}', /^failurePolicy\.rules\[0\]\.onExitCodes is required$/),
  invalid('failurePolicy onExitCodes as text', '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":"1"}]}}', /^failurePolicy\.rules\[0\]\.onExitCodes must be an object$/),
  invalid('failurePolicy with an unknown operator', '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"Maybe","values":[1]}}]}}', /^failurePolicy\.rules\[0\]\.onExitCodes\.operator must be one of the following values: In, NotIn$/),
  invalid('failurePolicy values as text', '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":"1"}}]}}', /^failurePolicy\.rules\[0\]\.onExitCodes\.values must be an array$/),
  invalid('failurePolicy value 1.5', '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[1.5]}}]}}', /^failurePolicy\.rules\[0\]\.onExitCodes\.values: each value in values must be an integer number$/),
  invalid('failurePolicy value 256', '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[256]}}]}}', /^failurePolicy\.rules\[0\]\.onExitCodes\.values: each value in values must not be greater than 255$/),
  invalid('failurePolicy value -1', '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[-1]}}]}}', /^failurePolicy\.rules\[0\]\.onExitCodes\.values: each value in values must not be less than 0$/),
  invalid('failurePolicy with 256 values', `{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[${Array(256).fill(1).join(',')}]}}]}}`, /^failurePolicy\.rules\[0\]\.onExitCodes\.values must contain no more than 255 elements$/),
  invalid('failurePolicy with 21 rules', `{"failurePolicy":{"rules":[${Array(21).fill('{"action":"Ignore","onExitCodes":{"operator":"In","values":[1]}}').join(',')}]}}`, /^failurePolicy\.rules must contain no more than 20 elements$/),
  ...wrongValues('variables', [...NOT_OBJECT, '[]', '{"A":5}', '{"A":null}', '{"A":{}}', '{"1A":"x"}', '{"RADIX_X":"x"}', '{"A B":"x"}', '{"A\\u0000":"x"}', '{"\\ud800":"x"}', '{"":"x"}'], ENV),
  ...wrongValues('command', ['"x"', '5', '{}'], /^command must be an array$/),
  ...wrongValues('command', ['[5]', '[null]', '["a\\u0000"]', '["\\udfff"]'], /^command must be a list of strings without NUL or lone surrogates$/),
  ...wrongValues('args', ['"x"', '{}'], /^args must be an array$/),
  ...wrongValues('args', ['[5]', '[{}]', '["\\ud83d"]'], /^args must be a list of strings without NUL or lone surrogates$/),
];

const batchFields: HostileRow[] = [
  invalid('a batch without jobScheduleDescriptions', '{}', /^jobScheduleDescriptions is required$/, BATCHES),
  invalid('a batch with jobScheduleDescriptions null', '{"jobScheduleDescriptions":null}', /^jobScheduleDescriptions is required$/, BATCHES),
  invalid('a batch with no jobs', '{"jobScheduleDescriptions":[]}', /^jobScheduleDescriptions must list at least one job$/, BATCHES),
  ...['"x"', '5', '{}', 'true'].map((v) => invalid(`a batch with jobScheduleDescriptions = ${v}`, `{"jobScheduleDescriptions":${v}}`, /^jobScheduleDescriptions must be an array$/, BATCHES)),
  ...['5', '"x"', '[]', 'null'].map((v) => invalid(`a batch job that is ${v}`, `{"jobScheduleDescriptions":[{},${v}]}`, /^jobScheduleDescriptions: each jobScheduleDescriptions entry must be an object$/, BATCHES)),
  invalid('a batch job with a bad timeLimitSeconds', '{"jobScheduleDescriptions":[{},{},{"timeLimitSeconds":"9"}]}', /^jobScheduleDescriptions\[2\]\.timeLimitSeconds must be an integer number$/, BATCHES),
  invalid('a batch job with a reserved variable', '{"jobScheduleDescriptions":[{"variables":{"RADIX_APP":"x"}}]}', /^jobScheduleDescriptions\[0\]\.variables must be an object of environment variables/, BATCHES),
  ...['5', '"-x"', `"${'b'.repeat(64)}"`, '"a b"', '[]'].map((v) => invalid(`batchId = ${v.slice(0, 20)}`, `{"batchId":${v},"jobScheduleDescriptions":[{}]}`, new RegExp(`^batchId ${LABEL.source}`), BATCHES)),
  ...['"x"', '5', '[]'].map((v) => invalid(`defaultRadixJobComponentConfig = ${v}`, `{"defaultRadixJobComponentConfig":${v},"jobScheduleDescriptions":[{}]}`, /^defaultRadixJobComponentConfig must be an object$/, BATCHES)),
  invalid('defaults with a bad timeLimitSeconds', '{"defaultRadixJobComponentConfig":{"timeLimitSeconds":0},"jobScheduleDescriptions":[{}]}', /^defaultRadixJobComponentConfig\.timeLimitSeconds must not be less than 1$/, BATCHES),
  invalid('defaults with a bad failurePolicy', '{"defaultRadixJobComponentConfig":{"failurePolicy":{"rules":[{"action":"x"}]}},"jobScheduleDescriptions":[{}]}', /^defaultRadixJobComponentConfig\.failurePolicy\.rules\[0\]\.action must be one of/, BATCHES),
  invalid('defaults with a NUL in args', '{"defaultRadixJobComponentConfig":{"args":["\\u0000"]},"jobScheduleDescriptions":[{}]}', /^defaultRadixJobComponentConfig\.args must be a list of strings/, BATCHES),
  invalid('__proto__ in a batch job', '{"jobScheduleDescriptions":[{"__proto__":{"timeLimitSeconds":"x"}}]}', /^jobScheduleDescriptions\[0\]\.__proto__: "__proto__" is not allowed as a name$/, BATCHES),
  invalid('constructor in the batch defaults', '{"defaultRadixJobComponentConfig":{"constructor":{}},"jobScheduleDescriptions":[{}]}', /^defaultRadixJobComponentConfig\.constructor: "constructor" is not allowed as a name$/, BATCHES),
  { name: 'a batch of 1,001 jobs', method: 'POST', path: BATCHES, headers: json, body: `{"jobScheduleDescriptions":[${Array(1001).fill('{}').join(',')}]}`, code: 413, reason: 'RequestEntityTooLarge', message: /1001 jobs.*at most 1000/ },
];

const NOT_JSON = /^request body is not valid JSON/;
const NOT_OBJECT_BODY = /^request body must be a JSON object$/;
const jsonShapes: HostileRow[] = [
  ...['{', '{"a":}', 'nul', "{'a':1}", '{"a":1,}', '[1,2', '{"a":NaN}', '{"a":1}{"b":2}', '{"a" 1}', '{"a":"\\x41"}', '{"a":01}', '<xml/>'].map((body) => invalid(`malformed JSON ${JSON.stringify(body)}`, body, NOT_JSON)),
  ...['[]', '123', '"x"', 'null', 'true', '[{}]'].map((body) => invalid(`a body of ${body}`, body, NOT_OBJECT_BODY)),
  invalid('nesting 1,500 levels deep in an unknown field', `{"x":${nested(1500)}}`, /^x(\[0\])+: nested more than 32 levels deep$/),
  invalid('variables nested deep', `{"variables":{"A":${nested(2000, '"v"')}}}`, /nested more than 32 levels deep$/),
  invalid('resources nested deep', `{"resources":{"requests":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}}`, /^resources\.requests(\.a)+: nested more than 32 levels deep$/),
  invalid('a batch nested deep', `{"jobScheduleDescriptions":${nested(100, '{}')}}`, /nested more than 32 levels deep$/, BATCHES),
  invalid('60,000 keys in one object', `{"payload":"x",${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}`, /^request body: 60001 keys; an object may have at most 1000$/),
  invalid('600,000 values in one list', `{"args":[${Array(600_000).fill(0).join(',')}]}`, /^request body: more than 500000 values$/),
  invalid('a duplicate key whose last value is wrong', '{"timeLimitSeconds":1,"timeLimitSeconds":"1"}', /^timeLimitSeconds must be an integer number$/),
  invalid('__proto__ at the top', '{"__proto__":{"timeLimitSeconds":"x"}}', /^__proto__: "__proto__" is not allowed as a name$/),
  invalid('constructor at the top', '{"constructor":{"prototype":{}}}', /^constructor: "constructor" is not allowed as a name$/),
  invalid('prototype at the top', '{"prototype":{}}', /^prototype: "prototype" is not allowed as a name$/),
  invalid('__proto__ as a variable name', '{"variables":{"__proto__":{"polluted":"yes"}}}', /^variables\.__proto__: "__proto__" is not allowed as a name$/),
  invalid('constructor as a variable name', '{"variables":{"constructor":"x"}}', /^variables\.constructor: "constructor" is not allowed as a name$/),
  invalid('__proto__ as a resource name', '{"resources":{"limits":{"__proto__":"1"}}}', /^resources\.limits\.__proto__: "__proto__" is not allowed as a name$/),
  invalid('__proto__ in node', '{"node":{"__proto__":{"gpu":"x"}}}', /^node\.__proto__: "__proto__" is not allowed as a name$/),
  invalid('constructor in a failurePolicy rule', '{"failurePolicy":{"rules":[{"constructor":1}]}}', /^failurePolicy\.rules\[0\]\.constructor: "constructor" is not allowed as a name$/),
  invalid('an escaped __proto__ key', `{"${escaped('__proto__')}":{}}`, /^__proto__: "__proto__" is not allowed as a name$/),
  { name: 'a payload over 1 MiB', method: 'POST', path: JOBS, headers: json, body: `{"payload":"${'x'.repeat(1024 * 1024 + 1)}"}`, code: 413, reason: 'RequestEntityTooLarge', message: /^payload: 1048577 bytes of UTF-8; at most 1048576 \(1 MiB\) are allowed$/ },
  { name: 'a body over the body limit', method: 'POST', path: JOBS, headers: json, body: `{"x":"${'x'.repeat(7 * 1024 * 1024)}"}`, code: 413, reason: 'RequestEntityTooLarge', message: /^request body is larger than \d+ bytes$/ },
];

const oddText: HostileRow[] = [
  invalid('a NUL in a variable value', '{"variables":{"A":"a\\u0000b"}}', /^variables must be an object of environment variables.*without NUL/),
  invalid('a lone surrogate in a variable value', '{"variables":{"A":"\\ud800"}}', /without NUL or lone surrogates/),
  invalid('a reversed surrogate pair in a variable value', '{"variables":{"A":"\\udc00\\ud800"}}', /without NUL or lone surrogates/),
  invalid('a NUL in args', '{"args":["a\\u0000"]}', /^args must be a list of strings without NUL or lone surrogates$/),
  invalid('a lone surrogate in the payload', '{"payload":"\\ud800"}', /^payload: must be valid Unicode text \(it contains a lone surrogate\)$/),
  invalid('a right-to-left override in jobId', '{"jobId":"abc\\u202edef"}', new RegExp(`^jobId ${LABEL.source}`)),
  invalid('a zero-width space in jobId', '{"jobId":"a\\u200bb"}', new RegExp(`^jobId ${LABEL.source}`)),
  invalid('a line separator in imageTagName', '{"imageTagName":"v1\\u2028"}', /^imageTagName must be an image tag/),
  invalid('Arabic-Indic digits in gpuCount', '{"node":{"gpuCount":"٢"}}', /^node\.gpuCount must be a whole number/),
  invalid('a fullwidth name in variables', '{"variables":{"ＰＡＴＨ":"x"}}', ENV),
  invalid('a lone surrogate in batchId', '{"batchId":"\\ud800","jobScheduleDescriptions":[{}]}', new RegExp(`^batchId ${LABEL.source}`), BATCHES),
  { name: 'bytes that are not UTF-8 in a variable', method: 'POST', path: JOBS, headers: json, body: Buffer.concat([Buffer.from('{"variables":{"A":"'), Buffer.from([0xc0, 0xaf, 0xff]), Buffer.from('"}}')]), code: 400, reason: 'BadRequest', message: /^request body is not valid UTF-8$/ },
  { name: 'an overlong UTF-8 slash in a payload', method: 'POST', path: JOBS, headers: json, body: Buffer.concat([Buffer.from('{"payload":"..'), Buffer.from([0xc0, 0xaf]), Buffer.from('etc"}')]), code: 400, reason: 'BadRequest', message: /^request body is not valid UTF-8$/ },
];

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

export const HOSTILE_ROWS: HostileRow[] = [...jobFields, ...batchFields, ...jsonShapes, ...oddText, ...contentTypes, ...urls, ...queries, ...methods, ...headers];

/** HEAD answers carry no body: these rows assert the status and that the headers announce a Status. */
export const HEAD_ROWS: { name: string; path: string; code: number }[] = [
  { name: 'HEAD of a job that does not exist', path: `${JOBS}/nope`, code: 404 },
  { name: 'HEAD of a traversal', path: `${JOBS}/..%2f..%2fetc`, code: 404 },
  { name: 'HEAD of a bad list query', path: `${JOBS}?limit=0`, code: 422 },
  { name: 'HEAD of a route that only takes POST', path: `${JOBS}/x/restart`, code: 405 },
];
