/**
 * The catalogue of bad requests, part one: bad bodies. Each row is one request and the Status
 * it must get; rows are data, not tests. hostile-input.e2e-spec.ts sends every row to a
 * scheduler on each runtime; hostile-requests.table.ts holds the rest of the catalogue.
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

export const JOBS = '/api/v1/jobs';
export const BATCHES = '/api/v1/batches';
export const json = { 'content-type': 'application/json' };
const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);
const escaped = (text: string) => text.replace(/[\s\S]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** A refused body of POST /api/v1/jobs (or of `path`): 422 Invalid naming the field. */
export function invalid(name: string, body: string, message: RegExp, path = JOBS): HostileRow {
  return { name, method: 'POST', path, headers: json, body, code: 422, reason: 'Invalid', message };
}

/** Each wrong value of one field, refused with one message. */
function wrongValues(field: string, values: string[], message: RegExp, wrap = (value: string) => `{${value}}`): HostileRow[] {
  return values.map((value) =>
    invalid(`${field} = ${value.length > 40 ? `${value.slice(0, 40)}…` : value}`, wrap(`"${lastKey(field)}":${value}`), message),
  );
}

function lastKey(field: string): string {
  return field.split('.').at(-1)!;
}

const NOT_INT = ['"10"', '1.5', 'true', '[]', '{}', '1e400'];
const NOT_STRING = ['5', 'true', '[]', '{}'];
const NOT_OBJECT = ['"x"', '5', 'true'];
export const LABEL = /must be at most 63 characters of letters, digits, '-', '_' or '\.', starting and ending with a letter or digit$/;
const ENV = /^variables must be an object of environment variables/;
const RESOURCES = (field: string) => new RegExp(`^resources\\.${field} must be an object of resource names to quantities`);

const jobFields: HostileRow[] = [
  ...wrongValues('payload', NOT_STRING, /^payload must be a string$/),
  ...wrongValues(
    'jobId',
    [...NOT_STRING, '"-starts-with-dash"', `"${'a'.repeat(64)}"`, '"has space"', '"ünïcode"', '"a\\u0000b"', '"../etc"', '"a\\ud800"'],
    new RegExp(`^jobId ${LABEL.source}`),
  ),
  ...wrongValues('timeLimitSeconds', NOT_INT, /^timeLimitSeconds must be an integer number$/),
  ...wrongValues('timeLimitSeconds', ['0', '-1'], /^timeLimitSeconds must not be less than 1$/),
  ...wrongValues('timeLimitSeconds', ['2147483648'], /^timeLimitSeconds must not be greater than 2147483647$/),
  ...wrongValues('backoffLimit', NOT_INT, /^backoffLimit must be an integer number$/),
  ...wrongValues('backoffLimit', ['-1'], /^backoffLimit must not be less than 0$/),
  ...wrongValues('backoffLimit', ['2147483648'], /^backoffLimit must not be greater than 2147483647$/),
  ...wrongValues('resources', [...NOT_OBJECT, '[]'], /^resources must be an object$/),
  ...wrongValues(
    'resources.requests',
    ['"x"', '[]', '{"cpu":5}', '{"cpu":"lots"}', '{"bad name!":"1"}', '{"cpu":"-1"}'],
    RESOURCES('requests'),
    (v) => `{"resources":{${v}}}`,
  ),
  ...wrongValues('resources.limits', ['5', '{"memory":"1XB"}', '{"memory":null}'], RESOURCES('limits'), (v) => `{"resources":{${v}}}`),
  ...wrongValues('node', [...NOT_OBJECT, '[]'], /^node must be an object$/),
  ...wrongValues('node.gpu', NOT_STRING, /^node\.gpu must be a string$/, (v) => `{"node":{${v}}}`),
  ...wrongValues(
    'node.gpuCount',
    ['2', '"two"', '"-1"', '"２"', '"1.5"'],
    /^node\.gpuCount must be a whole number written as a string/,
    (v) => `{"node":{${v}}}`,
  ),
  ...wrongValues('runtime', [...NOT_OBJECT, '[]'], /^runtime must be an object$/),
  ...wrongValues(
    'runtime.architecture',
    ['"x86"', '"AMD64"', '5', '[]'],
    /^runtime\.architecture must be one of the following values: amd64, arm64$/,
    (v) => `{"runtime":{${v}}}`,
  ),
  ...wrongValues(
    'runtime.nodeType',
    ['"UPPER"', '"-x"', '5', '"🚀"'],
    /^runtime\.nodeType must be a label value/,
    (v) => `{"runtime":{${v}}}`,
  ),
  ...wrongValues(
    'runtime.nodeType',
    [`"${'a'.repeat(64)}"`],
    /^runtime\.nodeType must be shorter than or equal to 63 characters$/,
    (v) => `{"runtime":{${v}}}`,
  ),
  ...wrongValues('safeToRestart', ['"true"', '1', '[]', '{}'], /^safeToRestart must be a boolean value$/),
  ...wrongValues('runAsUser', NOT_INT, /^runAsUser must be an integer number$/),
  ...wrongValues('runAsUser', ['0', '-1'], /^runAsUser must not be less than 1$/),
  ...wrongValues('runAsUser', ['2147483648'], /^runAsUser must not be greater than 2147483647$/),
  ...wrongValues('imageTagName', ['5', '""', '"bad tag!"', `"${'a'.repeat(129)}"`, '".leading-dot"'], /^imageTagName must be an image tag/),
  ...wrongValues('image', ['5', '""', '"bad image"', '"-x"', `"${'a'.repeat(600)}"`], /^image must be an image reference/),
  ...wrongValues('failurePolicy', [...NOT_OBJECT, '[]'], /^failurePolicy must be an object$/),
  ...wrongValues('failurePolicy.rules', ['"x"', '5', '{}'], /^failurePolicy\.rules must be an array$/, (v) => `{"failurePolicy":{${v}}}`),
  invalid('failurePolicy.rules missing', '{"failurePolicy":{}}', /^failurePolicy\.rules must be an array$/),
  invalid(
    'failurePolicy rule without an action',
    '{"failurePolicy":{"rules":[{"onExitCodes":{"operator":"In","values":[1]}}]}}',
    /^failurePolicy\.rules\[0\]\.action must be one of the following values: FailJob, Ignore, Count$/,
  ),
  invalid(
    'failurePolicy rule with an unknown action',
    '{"failurePolicy":{"rules":[{"action":"Retry","onExitCodes":{"operator":"In","values":[1]}}]}}',
    /^failurePolicy\.rules\[0\]\.action must be one of/,
  ),
  invalid(
    'failurePolicy rule without onExitCodes',
    '{"failurePolicy":{"rules":[{"action":"FailJob"}]}}',
    /^failurePolicy\.rules\[0\]\.onExitCodes is required$/,
  ),
  invalid(
    'failurePolicy onExitCodes as text',
    '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":"1"}]}}',
    /^failurePolicy\.rules\[0\]\.onExitCodes must be an object$/,
  ),
  invalid(
    'failurePolicy with an unknown operator',
    '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"Maybe","values":[1]}}]}}',
    /^failurePolicy\.rules\[0\]\.onExitCodes\.operator must be one of the following values: In, NotIn$/,
  ),
  invalid(
    'failurePolicy values as text',
    '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":"1"}}]}}',
    /^failurePolicy\.rules\[0\]\.onExitCodes\.values must be an array$/,
  ),
  invalid(
    'failurePolicy value 1.5',
    '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[1.5]}}]}}',
    /^failurePolicy\.rules\[0\]\.onExitCodes\.values: each value in values must be an integer number$/,
  ),
  invalid(
    'failurePolicy value 256',
    '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[256]}}]}}',
    /^failurePolicy\.rules\[0\]\.onExitCodes\.values: each value in values must not be greater than 255$/,
  ),
  invalid(
    'failurePolicy value -1',
    '{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[-1]}}]}}',
    /^failurePolicy\.rules\[0\]\.onExitCodes\.values: each value in values must not be less than 0$/,
  ),
  invalid(
    'failurePolicy with 256 values',
    `{"failurePolicy":{"rules":[{"action":"FailJob","onExitCodes":{"operator":"In","values":[${Array(256).fill(1).join(',')}]}}]}}`,
    /^failurePolicy\.rules\[0\]\.onExitCodes\.values must contain no more than 255 elements$/,
  ),
  invalid(
    'failurePolicy with 21 rules',
    `{"failurePolicy":{"rules":[${Array(21).fill('{"action":"Ignore","onExitCodes":{"operator":"In","values":[1]}}').join(',')}]}}`,
    /^failurePolicy\.rules must contain no more than 20 elements$/,
  ),
  ...wrongValues(
    'variables',
    [
      ...NOT_OBJECT,
      '[]',
      '{"A":5}',
      '{"A":null}',
      '{"A":{}}',
      '{"1A":"x"}',
      '{"RADIX_X":"x"}',
      '{"A B":"x"}',
      '{"A\\u0000":"x"}',
      '{"\\ud800":"x"}',
      '{"":"x"}',
    ],
    ENV,
  ),
  ...wrongValues('command', ['"x"', '5', '{}'], /^command must be an array$/),
  ...wrongValues(
    'command',
    ['[5]', '[null]', '["a\\u0000"]', '["\\udfff"]'],
    /^command must be a list of strings without NUL or lone surrogates$/,
  ),
  ...wrongValues('args', ['"x"', '{}'], /^args must be an array$/),
  ...wrongValues('args', ['[5]', '[{}]', '["\\ud83d"]'], /^args must be a list of strings without NUL or lone surrogates$/),
];

const batchFields: HostileRow[] = [
  invalid('a batch without jobScheduleDescriptions', '{}', /^jobScheduleDescriptions is required$/, BATCHES),
  invalid(
    'a batch with jobScheduleDescriptions null',
    '{"jobScheduleDescriptions":null}',
    /^jobScheduleDescriptions is required$/,
    BATCHES,
  ),
  invalid('a batch with no jobs', '{"jobScheduleDescriptions":[]}', /^jobScheduleDescriptions must list at least one job$/, BATCHES),
  ...['"x"', '5', '{}', 'true'].map((v) =>
    invalid(
      `a batch with jobScheduleDescriptions = ${v}`,
      `{"jobScheduleDescriptions":${v}}`,
      /^jobScheduleDescriptions must be an array$/,
      BATCHES,
    ),
  ),
  ...['5', '"x"', '[]', 'null'].map((v) =>
    invalid(
      `a batch job that is ${v}`,
      `{"jobScheduleDescriptions":[{},${v}]}`,
      /^jobScheduleDescriptions: each jobScheduleDescriptions entry must be an object$/,
      BATCHES,
    ),
  ),
  invalid(
    'a batch job with a bad timeLimitSeconds',
    '{"jobScheduleDescriptions":[{},{},{"timeLimitSeconds":"9"}]}',
    /^jobScheduleDescriptions\[2\]\.timeLimitSeconds must be an integer number$/,
    BATCHES,
  ),
  invalid(
    'a batch job with a reserved variable',
    '{"jobScheduleDescriptions":[{"variables":{"RADIX_APP":"x"}}]}',
    /^jobScheduleDescriptions\[0\]\.variables must be an object of environment variables/,
    BATCHES,
  ),
  ...['5', '"-x"', `"${'b'.repeat(64)}"`, '"a b"', '[]'].map((v) =>
    invalid(
      `batchId = ${v.slice(0, 20)}`,
      `{"batchId":${v},"jobScheduleDescriptions":[{}]}`,
      new RegExp(`^batchId ${LABEL.source}`),
      BATCHES,
    ),
  ),
  ...['"x"', '5', '[]'].map((v) =>
    invalid(
      `defaultRadixJobComponentConfig = ${v}`,
      `{"defaultRadixJobComponentConfig":${v},"jobScheduleDescriptions":[{}]}`,
      /^defaultRadixJobComponentConfig must be an object$/,
      BATCHES,
    ),
  ),
  invalid(
    'defaults with a bad timeLimitSeconds',
    '{"defaultRadixJobComponentConfig":{"timeLimitSeconds":0},"jobScheduleDescriptions":[{}]}',
    /^defaultRadixJobComponentConfig\.timeLimitSeconds must not be less than 1$/,
    BATCHES,
  ),
  invalid(
    'defaults with a bad failurePolicy',
    '{"defaultRadixJobComponentConfig":{"failurePolicy":{"rules":[{"action":"x"}]}},"jobScheduleDescriptions":[{}]}',
    /^defaultRadixJobComponentConfig\.failurePolicy\.rules\[0\]\.action must be one of/,
    BATCHES,
  ),
  invalid(
    'defaults with a NUL in args',
    '{"defaultRadixJobComponentConfig":{"args":["\\u0000"]},"jobScheduleDescriptions":[{}]}',
    /^defaultRadixJobComponentConfig\.args must be a list of strings/,
    BATCHES,
  ),
  invalid(
    '__proto__ in a batch job',
    '{"jobScheduleDescriptions":[{"__proto__":{"timeLimitSeconds":"x"}}]}',
    /^jobScheduleDescriptions\[0\]\.__proto__: "__proto__" is not allowed as a name$/,
    BATCHES,
  ),
  invalid(
    'constructor in the batch defaults',
    '{"defaultRadixJobComponentConfig":{"constructor":{}},"jobScheduleDescriptions":[{}]}',
    /^defaultRadixJobComponentConfig\.constructor: "constructor" is not allowed as a name$/,
    BATCHES,
  ),
  {
    name: 'a batch of 1,001 jobs',
    method: 'POST',
    path: BATCHES,
    headers: json,
    body: `{"jobScheduleDescriptions":[${Array(1001).fill('{}').join(',')}]}`,
    code: 413,
    reason: 'RequestEntityTooLarge',
    message: /1001 jobs.*at most 1000/,
  },
];

export const NOT_JSON = /^request body is not valid JSON/;
const NOT_OBJECT_BODY = /^request body must be a JSON object$/;
const jsonShapes: HostileRow[] = [
  ...[
    '{',
    '{"a":}',
    'nul',
    "{'a':1}",
    '{"a":1,}',
    '[1,2',
    '{"a":NaN}',
    '{"a":1}{"b":2}',
    '{"a" 1}',
    '{"a":"\\x41"}',
    '{"a":01}',
    '<xml/>',
  ].map((body) => invalid(`malformed JSON ${JSON.stringify(body)}`, body, NOT_JSON)),
  ...['[]', '123', '"x"', 'null', 'true', '[{}]'].map((body) => invalid(`a body of ${body}`, body, NOT_OBJECT_BODY)),
  invalid('nesting 1,500 levels deep in an unknown field', `{"x":${nested(1500)}}`, /^x(\[0\])+: nested more than 32 levels deep$/),
  invalid('variables nested deep', `{"variables":{"A":${nested(2000, '"v"')}}}`, /nested more than 32 levels deep$/),
  invalid(
    'resources nested deep',
    `{"resources":{"requests":${'{"a":'.repeat(40)}1${'}'.repeat(40)}}}`,
    /^resources\.requests(\.a)+: nested more than 32 levels deep$/,
  ),
  invalid('a batch nested deep', `{"jobScheduleDescriptions":${nested(100, '{}')}}`, /nested more than 32 levels deep$/, BATCHES),
  invalid(
    '60,000 keys in one object',
    `{"payload":"x",${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
    /^request body: 60001 keys; an object may have at most 1000$/,
  ),
  invalid('600,000 values in one list', `{"args":[${Array(600_000).fill(0).join(',')}]}`, /^request body: more than 500000 values$/),
  invalid(
    'a duplicate key whose last value is wrong',
    '{"timeLimitSeconds":1,"timeLimitSeconds":"1"}',
    /^timeLimitSeconds must be an integer number$/,
  ),
  invalid('__proto__ at the top', '{"__proto__":{"timeLimitSeconds":"x"}}', /^__proto__: "__proto__" is not allowed as a name$/),
  invalid('constructor at the top', '{"constructor":{"prototype":{}}}', /^constructor: "constructor" is not allowed as a name$/),
  invalid('prototype at the top', '{"prototype":{}}', /^prototype: "prototype" is not allowed as a name$/),
  invalid(
    '__proto__ as a variable name',
    '{"variables":{"__proto__":{"polluted":"yes"}}}',
    /^variables\.__proto__: "__proto__" is not allowed as a name$/,
  ),
  invalid(
    'constructor as a variable name',
    '{"variables":{"constructor":"x"}}',
    /^variables\.constructor: "constructor" is not allowed as a name$/,
  ),
  invalid(
    '__proto__ as a resource name',
    '{"resources":{"limits":{"__proto__":"1"}}}',
    /^resources\.limits\.__proto__: "__proto__" is not allowed as a name$/,
  ),
  invalid('__proto__ in node', '{"node":{"__proto__":{"gpu":"x"}}}', /^node\.__proto__: "__proto__" is not allowed as a name$/),
  invalid(
    'constructor in a failurePolicy rule',
    '{"failurePolicy":{"rules":[{"constructor":1}]}}',
    /^failurePolicy\.rules\[0\]\.constructor: "constructor" is not allowed as a name$/,
  ),
  invalid('an escaped __proto__ key', `{"${escaped('__proto__')}":{}}`, /^__proto__: "__proto__" is not allowed as a name$/),
  {
    name: 'a payload over 1 MiB',
    method: 'POST',
    path: JOBS,
    headers: json,
    body: `{"payload":"${'x'.repeat(1024 * 1024 + 1)}"}`,
    code: 413,
    reason: 'RequestEntityTooLarge',
    message: /^payload: 1048577 bytes of UTF-8; at most 1048576 \(1 MiB\) are allowed$/,
  },
  {
    name: 'a body over the body limit',
    method: 'POST',
    path: JOBS,
    headers: json,
    body: `{"x":"${'x'.repeat(7 * 1024 * 1024)}"}`,
    code: 413,
    reason: 'RequestEntityTooLarge',
    message: /^request body is larger than \d+ bytes$/,
  },
];

const oddText: HostileRow[] = [
  invalid(
    'a NUL in a variable value',
    '{"variables":{"A":"a\\u0000b"}}',
    /^variables must be an object of environment variables.*without NUL/,
  ),
  invalid('a lone surrogate in a variable value', '{"variables":{"A":"\\ud800"}}', /without NUL or lone surrogates/),
  invalid('a reversed surrogate pair in a variable value', '{"variables":{"A":"\\udc00\\ud800"}}', /without NUL or lone surrogates/),
  invalid('a NUL in args', '{"args":["a\\u0000"]}', /^args must be a list of strings without NUL or lone surrogates$/),
  invalid(
    'a lone surrogate in the payload',
    '{"payload":"\\ud800"}',
    /^payload: must be valid Unicode text \(it contains a lone surrogate\)$/,
  ),
  invalid('a right-to-left override in jobId', '{"jobId":"abc\\u202edef"}', new RegExp(`^jobId ${LABEL.source}`)),
  invalid('a zero-width space in jobId', '{"jobId":"a\\u200bb"}', new RegExp(`^jobId ${LABEL.source}`)),
  invalid('a line separator in imageTagName', '{"imageTagName":"v1\\u2028"}', /^imageTagName must be an image tag/),
  invalid('Arabic-Indic digits in gpuCount', '{"node":{"gpuCount":"٢"}}', /^node\.gpuCount must be a whole number/),
  invalid('a fullwidth name in variables', '{"variables":{"ＰＡＴＨ":"x"}}', ENV),
  invalid(
    'a lone surrogate in batchId',
    '{"batchId":"\\ud800","jobScheduleDescriptions":[{}]}',
    new RegExp(`^batchId ${LABEL.source}`),
    BATCHES,
  ),
  {
    name: 'bytes that are not UTF-8 in a variable',
    method: 'POST',
    path: JOBS,
    headers: json,
    body: Buffer.concat([Buffer.from('{"variables":{"A":"'), Buffer.from([0xc0, 0xaf, 0xff]), Buffer.from('"}}')]),
    code: 400,
    reason: 'BadRequest',
    message: /^request body is not valid UTF-8$/,
  },
  {
    name: 'an overlong UTF-8 slash in a payload',
    method: 'POST',
    path: JOBS,
    headers: json,
    body: Buffer.concat([Buffer.from('{"payload":"..'), Buffer.from([0xc0, 0xaf]), Buffer.from('etc"}')]),
    code: 400,
    reason: 'BadRequest',
    message: /^request body is not valid UTF-8$/,
  },
];

export const BODY_ROWS: HostileRow[] = [...jobFields, ...batchFields, ...jsonShapes, ...oddText];
