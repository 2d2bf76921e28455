/**
 * Renders a scan report for a terminal.
 */

/**
 * Internal dependencies
 */
import type { ScanReport } from '../../analysis/scan';
import { formatColumns } from './table';

/**
 * @param report Scan report.
 */
export function renderScanTable( report: ScanReport ): string {
	const lines: string[] = [ `WordPress: ${ report.root }`, '' ];
	const config = report.wpConfig;
	if ( ! config ) {
		lines.push( 'wp-config.php: not found' );
	} else {
		lines.push(
			`${ config.file }: ${
				config.settingsLine === null
					? 'no require of wp-settings.php found'
					: `wp-settings.php required at line ${ config.settingsLine }`
			}`
		);
		if ( config.definitions.length === 0 && ! config.parseError ) {
			lines.push(
				'  No WP_PROXY_* constants: WordPress sends requests directly.'
			);
		} else if ( config.definitions.length > 0 ) {
			lines.push(
				...formatColumns( [
					[ 'CONSTANT', 'VALUE', 'WHERE', 'NOTE' ],
					...config.definitions.map( ( d ) => [
						d.name,
						d.redacted
							? '(set, not shown)'
							: ( d.value ??
								`(${ d.expression ?? 'expression' })` ),
						`${ d.file }:${ d.line }`,
						[
							d.afterSettings ? 'AFTER wp-settings.php' : '',
							d.conditional ? 'conditional' : '',
						]
							.filter( Boolean )
							.join( ', ' ),
					] ),
				] )
					.split( '\n' )
					.map( ( line ) => `  ${ line }` )
			);
		}
		for ( const finding of config.lint ) {
			lines.push(
				`  [${ finding.severity }] ${ finding.code }: ${ finding.message }`
			);
		}
	}
	lines.push( '', 'Suspects (most likely first):' );
	if ( report.suspects.length === 0 ) {
		lines.push(
			'  None: no plugin or theme code touches HTTP or proxies.'
		);
	}
	for ( const suspect of report.suspects ) {
		lines.push(
			`  ${ suspect.score.toString().padStart( 3 ) }  ${ suspect.type } ${ suspect.slug }`
		);
		for ( const hit of suspect.hits ) {
			lines.push(
				`         ${ hit.file }:${ hit.line }  ${ hit.code }: ${ hit.detail }`
			);
		}
	}
	if ( report.problems.length > 0 ) {
		lines.push( '', 'Not scanned:' );
		for ( const problem of report.problems ) {
			lines.push(
				`  ${ problem.file }${ problem.line ? `:${ problem.line }` : '' }  ${ problem.reason }: ${ problem.message }`
			);
		}
	}
	lines.push(
		'',
		`${ report.filesScanned } PHP files scanned${ report.truncated ? ' (stopped at the file limit)' : '' }.`
	);
	return `${ lines.join( '\n' ) }\n`;
}
