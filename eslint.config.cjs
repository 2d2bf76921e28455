/**
 * ESLint: the WordPress defaults, plus what a Node lab, CLI and test suite need.
 */
const wpConfig = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	...wpConfig,
	{
		ignores: [
			'plugin/build/**',
			'.lab/**',
			'artifacts/**',
			'node_modules/**',
		],
	},
	{
		rules: {
			// Jest reads its per-file environment from this docblock tag.
			'jsdoc/check-tag-names': [
				'error',
				{ definedTags: [ 'jest-environment' ] },
			],
		},
	},
	{
		// The lab, the CLI, benchmarks and test runners are Node programs that talk on the terminal.
		files: [
			'src/lab/**',
			'src/cli/**',
			'bench/**',
			'tests/**',
			'scripts/**',
		],
		rules: {
			'no-console': 'off',
		},
	},
];
