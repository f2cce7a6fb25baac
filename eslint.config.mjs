// Lint: typescript-eslint's recommended rules on the sources, tests, bench and scripts; formatting is
// prettier's job (eslint-config-prettier turns off the rules that would fight it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // what .gitignore leaves out: builds, test output, generated clients
  {
    ignores: [
      'dist/**',
      'coverage/**',
      'node_modules/**',
      '.test-dist/**',
      'outbox/**',
      'test/artifacts/**',
      'bench/.build*/**',
      'bench/.snap/**',
      'test/openapi-client/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // class-validator DTOs and Nest decorators declare empty classes and interfaces on purpose
      '@typescript-eslint/no-extraneous-class': 'off',
      // a callback set up before the value exists reads it later (a process started after its handler)
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
    },
  },
  {
    // tests read untyped JSON bodies (supertest's res.body is any) and assert the values themselves
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
