// Type-aware lint for the service, its tests and the benches; Prettier owns the layout.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'client/dist/',
      'client/src/gen/',
      'console/dist/',
      'test/cluster/',
      'coverage/',
      '.fuzz-venv/',
      '.fuzz-report/',
      '.hypothesis/',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: {
        projectService: { allowDefaultProject: ['client/gen-drift.d.mts', 'client/src/*.spec.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Ports (JobGateway, harnesses, fakes) return promises; an async body without await is how
      // a synchronous implementation keeps that contract, not a mistake.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read HTTP answers as JSON of any shape and assert on them; typing every body would
    // only restate the assertions.
    files: ['test/**', '**/*.spec.ts', 'bench/**'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // expect(spiedMethod) passes a method without calling it.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // Preact ignores what an event handler returns; the console's async handlers report their own errors.
    files: ['console/src/**'],
    languageOptions: { globals: globals.browser },
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }] },
  },
  { files: ['**/*.mjs', '**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
