import { describe, expect, it } from '@jest/globals';
import { describeFailure } from './failure.js';
import { requireUtf8 } from './utf8-body.js';

describe('requireUtf8', () => {
  const refusal = (body: Buffer, encoding = 'utf-8') => {
    try {
      requireUtf8(undefined, undefined, body, encoding);
      return undefined;
    } catch (error) {
      return describeFailure(error);
    }
  };

  it.each([
    { name: 'an overlong slash', bytes: [0xc0, 0xaf] },
    { name: 'a lone continuation byte', bytes: [0x80] },
    { name: 'an encoded surrogate', bytes: [0xed, 0xa0, 0x80] },
    { name: 'a sequence cut short', bytes: [0xe2, 0x82] },
  ])('refuses $name with a 400 that names no byte of the body', ({ bytes }) => {
    const failure = refusal(Buffer.concat([Buffer.from('{"payload":"'), Buffer.from(bytes), Buffer.from('"}')]));
    expect(failure).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'request body is not valid UTF-8',
      headers: {},
      unexpected: false,
    });
  });

  it('lets well-formed UTF-8 through, and a body declared in another charset to its decoder', () => {
    expect(refusal(Buffer.from('{"payload":"é名🚀"}'))).toBeUndefined();
    expect(refusal(Buffer.from('{}', 'utf16le'), 'utf-16le')).toBeUndefined();
  });
});

describe('describeFailure of what the body parser refuses', () => {
  it.each([
    { type: 'charset.unsupported', message: 'unsupported charset "LATIN1"' },
    { type: 'encoding.unsupported', message: 'unsupported content encoding "zstd"' },
  ])('answers $type with 415 UnsupportedMediaType', ({ type, message }) => {
    const failure = describeFailure(Object.assign(new Error(message), { type, status: 415 }));
    expect([failure.code, failure.reason, failure.message]).toEqual([415, 'UnsupportedMediaType', `request body: ${message}`]);
  });
});
