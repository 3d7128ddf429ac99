import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Dependencies point one way: features → services → (domain, db). The domain imports nothing outside itself.
// Each file matches one block only (a later block would replace an earlier one's patterns).
const KYSELY_VALUES = {
  name: 'kysely',
  allowTypeImports: true,
  message: 'Queries live in repositories under src/db/: take a Kysely or Transaction type here, never build SQL.',
};

/** A query built in place outside src/db: ask a repository instead, even through a `db` you were given. */
const QUERY_BUILDERS = {
  selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom)$/]',
  message: 'Queries live in repositories under src/db/repositories: call a repository function here.',
};

const layerRules = [
  {
    files: ['src/**/*.ts'],
    ignores: ['src/db/**', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', QUERY_BUILDERS] },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/db/**',
                '**/services/**',
                '**/features/**',
                '**/plugins/**',
                '**/cli/**',
                '**/seed/**',
                'fastify',
                'kysely',
                'pg',
                '@electric-sql/*',
                'node:fs',
                'node:fs/*',
              ],
              message: 'The domain is pure: no I/O, no framework, no demo data.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/services/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [KYSELY_VALUES],
          patterns: [
            { group: ['**/features/**', '**/plugins/**'], message: 'Services know nothing of pages, routes or Fastify plugins: features call services.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/features/**/*.ts', 'src/plugins/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [KYSELY_VALUES],
          patterns: [{ group: ['**/db/repositories/**'], message: 'Handlers call services, never repositories.' }],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [KYSELY_VALUES],
          patterns: [{ group: ['**/features/**'], message: 'Commands call services, as pages do: shared work lives in src/services, not in a feature.' }],
        },
      ],
    },
  },
  {
    files: ['src/seed/**/*.ts', 'src/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [KYSELY_VALUES] }] },
  },
];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'coverage/**', 'public/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-console': 'error',
      eqeqeq: 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['eslint.config.js', 'vitest.config.ts'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/cli/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    // Tests read JSON responses whose shape the assertions themselves check.
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  ...layerRules,
);
