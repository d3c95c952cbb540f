// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', '.tools/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins, no I/O, no
    // infrastructure libraries; only contracts and type imports of activities.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'crypto', 'http', 'https', 'net', 'child_process'],
              message: 'Workflows cannot use Node built-ins.',
            },
            {
              group: [
                '@nestjs/*',
                '@mikro-orm/*',
                'pg',
                '@throughline/crm',
                '@throughline/erp',
                '@throughline/database',
                '@throughline/temporal',
                '@throughline/common',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'Workflows import only @throughline/contracts and activity types.',
            },
            {
              group: ['@throughline/activities/*'],
              allowTypeImports: true,
              message: 'Import activities as types only.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CRM never touches ERP code and the other way round; only workflows cross.
    files: ['libs/crm/**/*.ts', 'activities/crm/**/*.ts', 'apps/crm/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@throughline/erp', '@throughline/activities/erp'],
              message: 'CRM code never reads ERP.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/erp/**/*.ts', 'activities/erp/**/*.ts', 'apps/erp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@throughline/crm', '@throughline/activities/crm'],
              message: 'ERP code never reads CRM.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.mjs', '*.js', '*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        fetch: 'readonly',
        AbortSignal: 'readonly',
        setTimeout: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
