#!/usr/bin/env node
/**
 * npm bin for `proxy-health`. Runs the TypeScript sources through tsx, so it works from a
 * checkout with dev dependencies installed (`npm install`); there is no compiled build yet.
 */
import { createRequire } from 'node:module';
import { register } from 'tsx/cjs/api';

register();
const require = createRequire( import.meta.url );
const { main } = require( '../src/cli/index.ts' );

process.exitCode = await main( process.argv.slice( 2 ) );
