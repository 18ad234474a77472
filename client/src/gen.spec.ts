import { describe, expect, it } from '@jest/globals';
// Shared with `npm run check -w client`, which `npm test` runs before the build regenerates src/gen.
import { generatedDrift } from '../gen-drift.mjs';

describe('the generated client', () => {
  it('is what openapi.json generates (run `npm run build -w client` after `npm run openapi`)', async () => {
    expect(await generatedDrift()).toEqual([]);
  });
});
