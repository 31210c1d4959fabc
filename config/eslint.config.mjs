// ESLint flat config, kept in config/ so the top level stays small: `npm run lint` passes it with --config.
// typescript-eslint with type information: the rules that catch real bugs in async server code
// (floating promises, misused promises, unsafe any) need the types, not just the syntax.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'client_data/**', '.scratch/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      // `const { secret: _secret, ...rest } = record` is how a field is left out of a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_' }],
      // node:test's describe/it return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            {
              from: 'package',
              package: 'node:test',
              name: ['describe', 'it', 'test', 'suite', 'before', 'after', 'beforeEach', 'afterEach'],
            },
          ],
        },
      ],
    },
  },
  {
    // The capture pipeline runs on every message: matchAll copies its regex on each call (V8 then re-reads the
    // whole source, thousands of characters for a lead-in list; docs/lead-capture.md, round 8).
    files: ['src/capture/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='matchAll']",
          message: 'Use matchesOf(text, re) from src/capture/text.ts: matchAll copies the regex on every call.',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
