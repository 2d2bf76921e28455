/**
 * Prints the TypeScript scan (`scanWordPress`, php-parser) of a WordPress folder as JSON, from
 * the sources rather than the CLI bundle, for Scan_Test's parity check with the plugin's scan.
 *
 * Usage: tsx tests/php/support/ts-scan.ts <wordpress-root>
 */

/**
 * Internal dependencies
 */
import { scanWordPress } from '../../../src/analysis/scan';

process.stdout.write(
	JSON.stringify( scanWordPress( process.argv[ 2 ] ?? '' ) )
);
