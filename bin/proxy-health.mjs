#!/usr/bin/env node
/**
 * npm bin for `proxy-health`. Runs the bundled CLI, dist/cli/index.cjs, built from src/cli by
 * `npm run build:cli` (and by `npm install` in a checkout, through `prepare`). The bundle needs
 * only the runtime dependencies; there is deliberately no fallback to the TypeScript sources,
 * so a missing bundle is named rather than papered over.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const bundle = fileURLToPath(
	new URL( '../dist/cli/index.cjs', import.meta.url )
);

if ( ! existsSync( bundle ) ) {
	process.stderr.write(
		`proxy-health: the CLI is not built (${ bundle } is missing).\nRun "npm run build:cli" in the proxy-health folder (after "npm install", which brings esbuild), then try again.\n`
	);
	process.exit( 2 );
}

const { main } = createRequire( import.meta.url )( bundle );
process.exitCode = await main( process.argv.slice( 2 ) );
