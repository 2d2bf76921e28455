/**
 * The PHP versions WordPress Playground runs offline (`@php-wasm/node-7-4` … `node-8-5`). No
 * imports: the CLI validates `--php` with it before the lab is loaded.
 */

export const PLAYGROUND_PHP_VERSIONS = [
	'7.4',
	'8.0',
	'8.1',
	'8.2',
	'8.3',
	'8.4',
	'8.5',
] as const;
export type PlaygroundPhpVersion = ( typeof PLAYGROUND_PHP_VERSIONS )[ number ];

/**
 * Whether a string names a PHP version Playground runs here.
 *
 * @param value Candidate, e.g. `7.4`.
 */
export function isPlaygroundPhpVersion(
	value: string
): value is PlaygroundPhpVersion {
	return ( PLAYGROUND_PHP_VERSIONS as readonly string[] ).includes( value );
}
