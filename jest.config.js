/**
 * Jest projects: unit tests run in jsdom or node (per-file docblock); integration and e2e tests
 * drive live lab servers and run one file at a time (see tests/run-all.ts).
 */
const shared = {
	// Babel with the WordPress preset strips TypeScript types; tsc checks them (npm run typecheck).
	transform: {
		'\\.[jt]sx?$':
			require.resolve( '@wordpress/scripts/config/babel-transform' ),
	},
	moduleFileExtensions: [ 'ts', 'tsx', 'js', 'jsx', 'json' ],
	testPathIgnorePatterns: [ '/node_modules/', '/build/', '/.lab/' ],
};

module.exports = {
	projects: [
		{
			preset: '@wordpress/jest-preset-default',
			...shared,
			displayName: 'unit',
			// Tests start bin/proxy-health.mjs: build its bundle from the current sources first.
			globalSetup: '<rootDir>/tests/support/build-cli.cjs',
			// The preset's own set-up, then a longer wait for what a view shows (see the file).
			setupFilesAfterEnv: [
				// eslint-disable-next-line import/no-extraneous-dependencies -- comes with @wordpress/scripts, as the preset above
				...require( '@wordpress/jest-preset-default' )
					.setupFilesAfterEnv,
				'<rootDir>/tests/support/unit-setup.cjs',
			],
			testMatch: [
				'<rootDir>/src/**/test/*.[jt]s?(x)',
				'<rootDir>/tests/unit/**/*.test.[jt]s?(x)',
			],
		},
		{
			...shared,
			displayName: 'integration',
			// Tests start bin/proxy-health.mjs: build its bundle from the current sources first.
			globalSetup: '<rootDir>/tests/support/build-cli.cjs',
			testEnvironment: 'node',
			testMatch: [ '<rootDir>/tests/integration/**/*.test.ts' ],
		},
		{
			...shared,
			displayName: 'e2e',
			testEnvironment: 'node',
			testMatch: [ '<rootDir>/tests/e2e/**/*.test.ts' ],
		},
	],
};
