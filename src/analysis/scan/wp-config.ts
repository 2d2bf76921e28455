/**
 * What wp-config.php says about the proxy, read with php-parser without running anything:
 * each `WP_PROXY_*` constant, its value (never the password's), where it is defined, and
 * whether it comes after `require_once ABSPATH . 'wp-settings.php'` (too late: WordPress
 * has already read the proxy settings by then).
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';

/**
 * Internal dependencies
 */
import {
	callArguments,
	callName,
	describeExpression,
	isNode,
	lineOf,
	literalScalar,
	literalString,
	offsetOf,
	parsePhp,
	PhpParseError,
	walk,
	type PhpNode,
} from './php-ast';

export const PROXY_CONSTANTS = [
	'WP_PROXY_HOST',
	'WP_PROXY_PORT',
	'WP_PROXY_USERNAME',
	'WP_PROXY_PASSWORD',
	'WP_PROXY_BYPASS_HOSTS',
] as const;
export type ProxyConstantName = ( typeof PROXY_CONSTANTS )[ number ];

export interface ProxyConstantDefinition {
	name: ProxyConstantName;
	/**
	 * The literal value as PHP would make it a string; null when it needs running code (see
	 * `expression`) and always null for WP_PROXY_PASSWORD (see `redacted`).
	 */
	value: string | null;
	/** For WP_PROXY_PASSWORD: a value is defined but not read. */
	redacted?: true;
	/** When the value is not a literal: what it is (`getenv(…)`, a constant name). */
	expression?: string;
	file: string;
	line: number;
	form: 'define' | 'const';
	/** Inside an `if` (e.g. `if ( ! defined( … ) )`). */
	conditional: boolean;
	/** Defined after the line that requires wp-settings.php. */
	afterSettings: boolean;
}

export interface WpConfigReading {
	file: string;
	/** Line of `require_once ABSPATH . 'wp-settings.php'`; null when absent. */
	settingsLine: number | null;
	/** Every definition in source order (a constant defined twice appears twice). */
	definitions: ProxyConstantDefinition[];
	/** Set when the file does not parse; definitions are then empty. */
	parseError?: { line: number | null; message: string };
}

function isProxyConstant( name: string | null ): name is ProxyConstantName {
	return (
		name !== null &&
		( PROXY_CONSTANTS as readonly string[] ).includes( name )
	);
}

/**
 * Reads the proxy constants of a wp-config.php source.
 *
 * @param source PHP source.
 * @param file   Path for `file` fields and messages.
 */
export function readWpConfigSource(
	source: string,
	file: string
): WpConfigReading {
	let program: PhpNode;
	try {
		program = parsePhp( source, file );
	} catch ( error ) {
		const parseError = error as PhpParseError;
		return {
			file,
			settingsLine: null,
			definitions: [],
			parseError: {
				line: parseError.line ?? null,
				message: parseError.message,
			},
		};
	}

	let settingsOffset: number | null = null;
	let settingsLine: number | null = null;
	const found: Array<
		Omit< ProxyConstantDefinition, 'afterSettings' > & { offset: number }
	> = [];

	for ( const { node, ancestors } of walk( program ) ) {
		const conditional = ancestors.some(
			( ancestor ) => ancestor.kind === 'if'
		);
		if (
			node.kind === 'include' &&
			settingsOffset === null &&
			isNode( node.target )
		) {
			for ( const { node: part } of walk( node.target ) ) {
				if ( /wp-settings\.php/i.test( literalString( part ) ?? '' ) ) {
					settingsOffset = offsetOf( node );
					settingsLine = lineOf( node );
					break;
				}
			}
			continue;
		}
		let name: string | null = null;
		let valueNode: PhpNode | undefined;
		let form: 'define' | 'const' = 'define';
		if ( node.kind === 'call' && callName( node ) === 'define' ) {
			const [ first, second ] = callArguments( node );
			name = literalString( first );
			valueNode = second;
		} else if ( node.kind === 'constant' && isNode( node.name ) ) {
			// `const WP_PROXY_HOST = '…';` at file level.
			name = String( node.name.name );
			valueNode = isNode( node.value ) ? node.value : undefined;
			form = 'const';
		}
		if ( ! isProxyConstant( name ) ) {
			continue;
		}
		const base = {
			name,
			file,
			line: lineOf( node ),
			form,
			conditional,
			offset: offsetOf( node ),
		};
		if ( name === 'WP_PROXY_PASSWORD' ) {
			found.push( { ...base, value: null, redacted: true } );
			continue;
		}
		const value = literalScalar( valueNode );
		found.push(
			value === null
				? {
						...base,
						value: null,
						expression: describeExpression( valueNode ),
					}
				: { ...base, value }
		);
	}

	return {
		file,
		settingsLine,
		definitions: found.map( ( { offset, ...definition } ) => ( {
			...definition,
			afterSettings: settingsOffset !== null && offset > settingsOffset,
		} ) ),
	};
}

/**
 * Reads a wp-config.php file.
 *
 * @param file Path.
 */
export function readWpConfig( file: string ): WpConfigReading {
	return readWpConfigSource( readFileSync( file, 'utf8' ), file );
}

/**
 * The definition WordPress would use for each constant: the first one (PHP ignores a second
 * `define` of the same name with a warning), unless it comes too late.
 *
 * @param reading wp-config reading.
 */
export function effectiveConstants(
	reading: WpConfigReading
): Partial< Record< ProxyConstantName, ProxyConstantDefinition > > {
	const effective: Partial<
		Record< ProxyConstantName, ProxyConstantDefinition >
	> = {};
	for ( const definition of reading.definitions ) {
		if ( ! effective[ definition.name ] ) {
			effective[ definition.name ] = definition;
		}
	}
	return effective;
}
