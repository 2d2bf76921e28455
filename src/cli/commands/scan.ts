/**
 * `proxy-health scan <wordpress-root>`.
 */

/**
 * External dependencies
 */
import path from 'node:path';

/**
 * Internal dependencies
 */
import { NotWordPressError, scanWordPress } from '../../analysis/scan';
import { EXIT_OK, UsageError, type CliIo, type ExitCode } from '../lib/io';
import { renderScanTable } from '../reporters/scan';

export interface ScanCommandOptions {
	root: string;
	format: 'table' | 'json';
	theme?: string;
}

/**
 * @param options Parsed options.
 * @param io      Streams.
 */
export function runScanCommand(
	options: ScanCommandOptions,
	io: CliIo
): ExitCode {
	let report;
	try {
		report = scanWordPress( path.resolve( io.cwd, options.root ), {
			...( options.theme ? { theme: options.theme } : {} ),
		} );
	} catch ( error ) {
		if ( error instanceof NotWordPressError ) {
			throw new UsageError( error.message, 'scan' );
		}
		throw error;
	}
	io.stdout.write(
		options.format === 'json'
			? `${ JSON.stringify( report, null, 2 ) }\n`
			: renderScanTable( report )
	);
	return EXIT_OK;
}
