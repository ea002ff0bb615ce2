import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
	{ignores: ['dist/', 'node_modules/', 'bench/.cache/']},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.{ts,tsx}'],
		plugins: {'react-hooks': reactHooks},
		rules: {
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'warn',
			'@typescript-eslint/consistent-type-imports': 'error',
			'@typescript-eslint/no-explicit-any': 'error',
			'no-restricted-imports': 'off',
		},
	},
	{
		// The UI and the store never talk to Docker directly.
		files: ['source/ui/**', 'source/store/**'],
		rules: {
			'no-restricted-imports': ['error', {paths: ['dockerode', 'docker-modem'], patterns: ['**/engine/docker-*']}],
		},
	},
	{
		// Tests look for raw escape sequences on purpose.
		files: ['test/**'],
		rules: {'no-control-regex': 'off'},
	},
	{
		files: ['**/*.{js,mjs}'],
		languageOptions: {globals: {process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', performance: 'readonly', setInterval: 'readonly', clearInterval: 'readonly'}},
	},
);
