/**
 * A thin, typed layer over `php-parser`: parse without executing, walk every node, and read
 * the few node shapes the scan needs (calls, names, literal strings, line numbers).
 */

/**
 * External dependencies
 */
import { Engine } from 'php-parser';

/** Any php-parser node, read structurally (the package's classes are declared, not exported). */
export interface PhpNode {
	kind: string;
	loc?: { start: { line: number; offset: number } } | null;
	[ key: string ]: unknown;
}

export class PhpParseError extends Error {
	override readonly name = 'PhpParseError';

	readonly line: number | null;

	constructor( message: string, line: number | null ) {
		super( message );
		this.line = line;
	}
}

function createEngine(): Engine {
	return new Engine( {
		parser: { php8: true, suppressErrors: false, extractDoc: false },
		ast: { withPositions: true },
		lexer: { short_tags: true },
	} );
}

/**
 * A php-parser message without the string literal it quotes (`unexpected ''hunter...'
 * (T_CONSTANT_ENCAPSED_STRING)`): a broken line may hold a password. The plugin's scan does the
 * same to PHP's own messages (Site_Scanner::without_literals()).
 *
 * @param message Parser message.
 */
export function withoutLiterals( message: string ): string {
	return message.replace(
		/unexpected '.*?' \((T_CONSTANT_ENCAPSED_STRING|T_ENCAPSED_AND_WHITESPACE|T_INLINE_HTML)\)/gs,
		"unexpected '…' ($1)"
	);
}

/**
 * Parses PHP source into a program node.
 *
 * @param  source PHP source (with open tags).
 * @param  file   Name for messages.
 * @throws {PhpParseError} On a syntax error, with its line.
 */
export function parsePhp( source: string, file: string ): PhpNode {
	try {
		return createEngine().parseCode( source, file ) as unknown as PhpNode;
	} catch ( error ) {
		const line = ( error as { lineNumber?: unknown } ).lineNumber;
		throw new PhpParseError(
			withoutLiterals( ( error as Error ).message ),
			typeof line === 'number' ? line : null
		);
	}
}

export function isNode( value: unknown ): value is PhpNode {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof ( value as { kind?: unknown } ).kind === 'string'
	);
}

/**
 * Every node below `root` (depth first, source order), with its ancestors.
 *
 * @param root Program or any node.
 */
export function* walk(
	root: PhpNode
): Generator< { node: PhpNode; ancestors: readonly PhpNode[] } > {
	const stack: Array< { node: PhpNode; ancestors: PhpNode[] } > = [
		{ node: root, ancestors: [] },
	];
	while ( stack.length > 0 ) {
		const current = stack.pop() as { node: PhpNode; ancestors: PhpNode[] };
		yield current;
		const children: PhpNode[] = [];
		for ( const [ key, value ] of Object.entries( current.node ) ) {
			if ( key === 'loc' ) {
				continue;
			}
			if ( Array.isArray( value ) ) {
				children.push( ...value.filter( isNode ) );
			} else if ( isNode( value ) ) {
				children.push( value );
			}
		}
		const ancestors = [ ...current.ancestors, current.node ];
		for ( let i = children.length - 1; i >= 0; i-- ) {
			stack.push( { node: children[ i ] as PhpNode, ancestors } );
		}
	}
}

export function lineOf( node: PhpNode ): number {
	return node.loc?.start.line ?? 0;
}

export function offsetOf( node: PhpNode ): number {
	return node.loc?.start.offset ?? 0;
}

/**
 * The function name of a call (`define`, `add_filter`, `curl_setopt`), lower case, without a
 * leading namespace separator; null for method calls and dynamic calls.
 *
 * @param node A `call` node.
 */
export function callName( node: PhpNode ): string | null {
	if (
		node.kind !== 'call' ||
		! isNode( node.what ) ||
		node.what.kind !== 'name'
	) {
		return null;
	}
	return String( node.what.name ).replace( /^\\/, '' ).toLowerCase();
}

export function callArguments( node: PhpNode ): PhpNode[] {
	return Array.isArray( node.arguments )
		? node.arguments.filter( isNode )
		: [];
}

/**
 * The value of a literal string, or of a concatenation of literals; null otherwise.
 *
 * @param node Expression.
 */
export function literalString( node: PhpNode | undefined ): string | null {
	if ( ! node ) {
		return null;
	}
	if ( node.kind === 'string' ) {
		return String( node.value );
	}
	if ( node.kind === 'nowdoc' ) {
		return String( node.value );
	}
	if (
		node.kind === 'bin' &&
		node.type === '.' &&
		isNode( node.left ) &&
		isNode( node.right )
	) {
		const left = literalString( node.left );
		const right = literalString( node.right );
		return left === null || right === null ? null : left + right;
	}
	return null;
}

/**
 * A literal scalar as PHP would turn it into a string (numbers, booleans, strings); null when
 * the value needs running code (a constant, a function call, getenv()).
 *
 * @param node Expression.
 */
export function literalScalar( node: PhpNode | undefined ): string | null {
	if ( ! node ) {
		return null;
	}
	if ( node.kind === 'number' ) {
		return String( node.value );
	}
	if ( node.kind === 'boolean' ) {
		return node.value ? '1' : '';
	}
	if ( node.kind === 'name' ) {
		const name = String( node.name ).toLowerCase();
		if ( name === 'true' ) {
			return '1';
		}
		if ( name === 'false' || name === 'null' ) {
			return '';
		}
		return null;
	}
	return literalString( node );
}

/**
 * Short source-like description of an expression that could not be evaluated.
 *
 * @param node Expression.
 */
export function describeExpression( node: PhpNode | undefined ): string {
	if ( ! node ) {
		return 'nothing';
	}
	if ( node.kind === 'call' ) {
		return `${ callName( node ) ?? 'a method' }(…)`;
	}
	if ( node.kind === 'name' ) {
		return String( node.name );
	}
	return `a ${ node.kind } expression`;
}
