/**
 * The `proxy-health` bin as it was before the bundle (tsx registering the TypeScript sources
 * and requiring src/cli/index.ts): the baseline for bench/cli-startup.ts.
 */
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
const require = createRequire( import.meta.url );
const { main } = require( '../../src/cli/index.ts' );

process.exitCode = await main( process.argv.slice( 2 ) );
