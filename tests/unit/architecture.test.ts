/**
 * @jest-environment node
 */

/**
 * The dependency direction ARCHITECTURE.md describes, checked on the plugin's PHP: every file
 * under plugin/includes is parsed with php-parser (never run), the class names it uses are
 * resolved against its namespace and `use` imports, and each top-level folder's dependencies
 * on the others are collected. Then:
 *
 * - only the REST folder (and Plugin, which registers the routes) refers to REST classes, so
 *   no domain or service class calls a controller;
 * - the entry points (REST, CLI, Admin, Site_Health) are referred to by nothing below them,
 *   but for the exceptions listed here;
 * - the documents layer (Documents: one class per REST document, which builds it and owns its
 *   schema) is referred to by the entry points only: services and domain classes never use it;
 * - the folders form no cycle, once the back edges listed here are set aside.
 *
 * The lists are a ratchet: an entry whose dependency is gone fails the test too, so that a
 * fixed exception is also taken off the list (and ARCHITECTURE.md stays true).
 */

/**
 * External dependencies
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import { isNode, parsePhp, walk } from '../../src/analysis/scan/php-ast';

const INCLUDES = path.resolve( __dirname, '..', '..', 'plugin', 'includes' );

/** The root: Plugin and Autoloader wire everything together and may use every folder. */
const ROOT = '(root)';

/** Folders WordPress, WP-CLI or a person reaches the plugin through. */
const ENTRY_POINTS = [ 'REST', 'CLI', 'Admin', 'Site_Health' ];

/** The layer right below the entry points: each REST document, built, with its schema. */
const DOCUMENTS = 'Documents';

/**
 * References to REST classes from outside REST that are known and still to be moved
 * ("Folder uses Class"). Take an entry out when its reference is gone.
 */
const KNOWN_REST_REFERENCES: string[] = [];

/**
 * References to an entry point from below it that are known and still to be moved
 * ("Folder -> Entry point"). Take an entry out when its reference is gone.
 */
const KNOWN_ENTRY_REFERENCES: string[] = [];

/**
 * Folder dependencies that close a cycle, known and still to be removed ("From -> To").
 * Take an entry out when its dependency is gone.
 */
const KNOWN_BACK_EDGES: string[] = [];

interface Reference {
	file: string;
	folder: string;
	target: string;
}

function phpFiles( dir: string ): string[] {
	return readdirSync( dir ).flatMap( ( entry ) => {
		const full = path.join( dir, entry );
		if ( statSync( full ).isDirectory() ) {
			return phpFiles( full );
		}
		return entry.endsWith( '.php' ) ? [ full ] : [];
	} );
}

function folderOf( className: string ): string {
	const parts = className.split( '\\' );
	return parts.length > 2 ? ( parts[ 1 ] as string ) : ROOT;
}

/**
 * The ProxyHealth classes a file names, resolved as PHP resolves class names.
 * @param file PHP file.
 */
function references( file: string ): Reference[] {
	const relative = path.relative( INCLUDES, file );
	const folder = relative.includes( path.sep )
		? ( relative.split( path.sep )[ 0 ] as string )
		: ROOT;
	let namespace = '';
	const imports = new Map< string, string >();
	const names: Array< { name: string; resolution: string } > = [];
	for ( const { node, ancestors } of walk(
		parsePhp( readFileSync( file, 'utf8' ), relative )
	) ) {
		if ( node.kind === 'namespace' ) {
			namespace = String( node.name );
		} else if ( node.kind === 'useitem' ) {
			const group = ancestors[ ancestors.length - 1 ];
			// `use function` and `use const` import no class.
			if ( ! node.type && ! ( isNode( group ) && group.type ) ) {
				const name = String( node.name ).replace( /^\\/, '' );
				const alias =
					isNode( node.alias ) && typeof node.alias.name === 'string'
						? node.alias.name
						: ( name.split( '\\' ).pop() as string );
				imports.set( alias.toLowerCase(), name );
			}
		} else if ( node.kind === 'name' ) {
			names.push( {
				name: String( node.name ),
				resolution: String( node.resolution ),
			} );
		}
	}
	const resolve = ( { name, resolution }: ( typeof names )[ number ] ) => {
		if ( resolution === 'fqn' ) {
			return name.replace( /^\\/, '' );
		}
		if ( resolution === 'rn' ) {
			return `${ namespace }\\${ name.replace( /^namespace\\/i, '' ) }`;
		}
		const [ first, ...rest ] = name.split( '\\' );
		const imported = imports.get( ( first as string ).toLowerCase() );
		if ( imported ) {
			return [ imported, ...rest ].join( '\\' );
		}
		return namespace ? `${ namespace }\\${ name }` : name;
	};
	const targets = new Set( [ ...imports.values(), ...names.map( resolve ) ] );
	return [ ...targets ]
		.filter( ( target ) => target.startsWith( 'ProxyHealth\\' ) )
		.map( ( target ) => ( { file: relative, folder, target } ) );
}

const all = phpFiles( INCLUDES ).flatMap( references );

/**
 * Whether a reference is one of the known references to REST (left out of the other checks).
 * @param ref Reference.
 */
const knownRestReference = ( ref: Reference ) =>
	KNOWN_REST_REFERENCES.includes( `${ ref.folder } uses ${ ref.target }` );

/** Folder -> folders it depends on (the root left out: it may use everything). */
function folderGraph(): Map< string, Set< string > > {
	const graph = new Map< string, Set< string > >();
	for ( const { folder, target } of all.filter(
		( ref ) => ! knownRestReference( ref )
	) ) {
		const to = folderOf( target );
		if ( folder === ROOT || to === ROOT || to === folder ) {
			continue;
		}
		graph.set( folder, ( graph.get( folder ) ?? new Set() ).add( to ) );
	}
	return graph;
}

/**
 * Strongly connected components with more than one folder (Tarjan).
 * @param graph Folder graph.
 */
function cycles( graph: Map< string, Set< string > > ): string[][] {
	let index = 0;
	const indices = new Map< string, number >();
	const low = new Map< string, number >();
	const stack: string[] = [];
	const onStack = new Set< string >();
	const found: string[][] = [];
	const visit = ( node: string ) => {
		indices.set( node, index );
		low.set( node, index );
		index++;
		stack.push( node );
		onStack.add( node );
		for ( const next of graph.get( node ) ?? [] ) {
			if ( ! indices.has( next ) ) {
				visit( next );
				low.set( node, Math.min( low.get( node )!, low.get( next )! ) );
			} else if ( onStack.has( next ) ) {
				low.set(
					node,
					Math.min( low.get( node )!, indices.get( next )! )
				);
			}
		}
		if ( low.get( node ) === indices.get( node ) ) {
			const component: string[] = [];
			let member: string;
			do {
				member = stack.pop() as string;
				onStack.delete( member );
				component.push( member );
			} while ( member !== node );
			if ( component.length > 1 ) {
				found.push( component.sort() );
			}
		}
	};
	for ( const node of graph.keys() ) {
		if ( ! indices.has( node ) ) {
			visit( node );
		}
	}
	return found;
}

const edge = ( from: string, to: string ) => `${ from } -> ${ to }`;

describe( 'plugin/includes dependency direction', () => {
	it( 'reads every class name of the plugin', () => {
		// A sanity check that resolution works: Plugin registers the REST controllers.
		expect( all ).toContainEqual( {
			file: 'Plugin.php',
			folder: ROOT,
			target: 'ProxyHealth\\REST\\Probes_Controller',
		} );
	} );

	it( 'nothing outside REST refers to a REST controller (or its base or schema helpers)', () => {
		const found = all.filter(
			( ref ) =>
				ref.folder !== 'REST' &&
				ref.folder !== ROOT &&
				folderOf( ref.target ) === 'REST'
		);
		expect(
			found
				.filter( ( ref ) => ! knownRestReference( ref ) )
				.map( ( ref ) => `${ ref.file } uses ${ ref.target }` )
		).toEqual( [] );
		// An exception that no longer applies is taken off the list.
		expect(
			KNOWN_REST_REFERENCES.filter(
				( known ) =>
					! found.some(
						( ref ) =>
							`${ ref.folder } uses ${ ref.target }` === known
					)
			)
		).toEqual( [] );
	} );

	it( 'only the entry points use the documents layer', () => {
		expect(
			all
				.filter(
					( ref ) =>
						ref.folder !== ROOT &&
						ref.folder !== DOCUMENTS &&
						! ENTRY_POINTS.includes( ref.folder ) &&
						folderOf( ref.target ) === DOCUMENTS
				)
				.map( ( ref ) => `${ ref.file } uses ${ ref.target }` )
		).toEqual( [] );
	} );

	it( 'no folder below the entry points refers to one, but for the known exceptions', () => {
		const found = new Set(
			all
				.filter(
					( ref ) =>
						ref.folder !== ROOT &&
						! ENTRY_POINTS.includes( ref.folder ) &&
						ENTRY_POINTS.includes( folderOf( ref.target ) ) &&
						! knownRestReference( ref )
				)
				.map( ( ref ) => edge( ref.folder, folderOf( ref.target ) ) )
		);
		expect( [ ...found ].sort() ).toEqual(
			[ ...KNOWN_ENTRY_REFERENCES ].sort()
		);
	} );

	it( 'the folders form no cycle once the known back edges are set aside', () => {
		const graph = folderGraph();
		const stale = KNOWN_BACK_EDGES.filter( ( known ) => {
			const [ from, to ] = known.split( ' -> ' ) as [ string, string ];
			return ! graph.get( from )?.has( to );
		} );
		expect( stale ).toEqual( [] );
		for ( const known of KNOWN_BACK_EDGES ) {
			const [ from, to ] = known.split( ' -> ' ) as [ string, string ];
			graph.get( from )?.delete( to );
		}
		expect( cycles( graph ) ).toEqual( [] );
	} );
} );
