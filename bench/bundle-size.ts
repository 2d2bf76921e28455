/**
 * Initial JavaScript of the panel, gzipped, against its 30 KB budget. The WordPress packages
 * (wp-components, wp-element, …) are provided by WordPress and not counted.
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * Internal dependencies
 */
import type { BenchRow } from './types';

const BUDGET_BYTES = 30 * 1024;

export async function benchBundleSize(): Promise< BenchRow[] > {
	const file = path.resolve( __dirname, '..', 'plugin', 'build', 'index.js' );
	const gzipped = gzipSync( readFileSync( file ), { level: 9 } ).length;
	return [
		{
			name: 'panel initial JS (gzip) / 30 KB budget',
			measured: `${ ( gzipped / 1024 ).toFixed( 1 ) } KB`,
			baseline: '30.0 KB',
			ratio: gzipped / BUDGET_BYTES,
		},
	];
}
