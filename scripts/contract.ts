/**
 * `npm run contract`: the REST contract, exported from the plugin itself.
 *
 * Starts a lab site, reads every proxy-health/v1 route's schema and arguments from the REST
 * index (`?context=help`), and writes, in src/api/contract/:
 * - contract.json: every route (methods, arguments, answer schema), routes sorted;
 * - types.ts: the TypeScript type of each document (json-schema-to-typescript) and the code
 *   lists the schemas name with `x-codes`;
 * - check/<document>.js and .d.ts: the compiled Ajv validator of each document (standalone
 *   code: the panel and the CLI bundle a few KB of checks, not Ajv and its compiler), one module
 *   per document so the panel loads a view's checks with the view; load.ts imports each on
 *   demand (a script chunk per document), validators.ts exports them all.
 *
 * `npm run contract -- --check` writes nothing and exits 1 when a committed file differs from
 * what the running plugin exports (run `npm run contract` and commit the result).
 * `--from <index.json>` reads a saved REST index instead of starting a lab.
 */

/**
 * External dependencies
 */
import {
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync,
	mkdirSync,
} from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

/**
 * Internal dependencies
 */
import { withLab } from '../src/lab/scenario';

const ROOT = path.resolve( __dirname, '..' );
const OUT = path.join( ROOT, 'src', 'api', 'contract' );
const NAMESPACE = 'proxy-health/v1';
const TITLE_PREFIX = 'proxy-health-';

type Json =
	null | boolean | number | string | Json[] | { [ key: string ]: Json };
type JsonObject = { [ key: string ]: Json };

interface RouteEntry {
	endpoints: Array< { methods: string[]; args: JsonObject } >;
	schema?: JsonObject;
}

const isObject = ( value: unknown ): value is JsonObject =>
	typeof value === 'object' && value !== null && ! Array.isArray( value );

/**
 * `proxy-health-probe-report` → `ProbeReportDocument`.
 * @param title
 */
const documentName = ( title: string ): string =>
	title
		.slice( TITLE_PREFIX.length )
		.split( '-' )
		.map( ( part ) => part.charAt( 0 ).toUpperCase() + part.slice( 1 ) )
		.join( '' ) + 'Document';

/**
 * Reads the REST index of the namespace from a lab site, as an administrator.
 */
async function readIndex(): Promise< JsonObject > {
	return withLab( { runtime: 'php', scenario: 'no-proxy' }, async ( lab ) => {
		const { username, applicationPassword } = lab.site.admin;
		const response = await fetch(
			`${ lab.server.url }/?rest_route=/${ NAMESPACE }&context=help`,
			{
				headers: {
					Accept: 'application/json',
					Authorization: `Basic ${ Buffer.from(
						`${ username }:${ applicationPassword }`
					).toString( 'base64' ) }`,
				},
			}
		);
		const body: unknown = await response.json();
		if ( ! response.ok || ! isObject( body ) ) {
			throw new Error(
				`The REST index answered ${ response.status }: ${ JSON.stringify(
					body
				).slice( 0, 500 ) }`
			);
		}
		return body;
	} );
}

/**
 * The committed contract: each route's endpoints (methods and arguments) and answer schema.
 *
 * @param index The namespace's REST index.
 */
function contractFrom( index: JsonObject ): JsonObject {
	const routes = index.routes;
	if ( ! isObject( routes ) ) {
		throw new Error( 'The REST index has no routes.' );
	}
	const out: Record< string, RouteEntry > = {};
	for ( const route of Object.keys( routes ).sort() ) {
		const data = routes[ route ];
		if ( route === `/${ NAMESPACE }` || ! isObject( data ) ) {
			continue;
		}
		const endpoints = Array.isArray( data.endpoints ) ? data.endpoints : [];
		out[ route ] = {
			endpoints: endpoints.filter( isObject ).map( ( endpoint ) => ( {
				methods: ( endpoint.methods as string[] ) ?? [],
				args: isObject( endpoint.args ) ? endpoint.args : {},
			} ) ),
			...( isObject( data.schema ) ? { schema: data.schema } : {} ),
		};
	}
	return { namespace: NAMESPACE, routes: out as unknown as JsonObject };
}

/**
 * Each document schema once, by type name: the routes' answer schemas and the documents they
 * define under `definitions` (answers of a second method, e.g. GET /probes' history page).
 *
 * @param contract The contract.
 */
function documentsOf( contract: JsonObject ): Map< string, JsonObject > {
	const documents = new Map< string, JsonObject >();
	const add = ( schema: JsonObject, where: string ) => {
		const title = schema.title;
		if ( typeof title !== 'string' || ! title.startsWith( TITLE_PREFIX ) ) {
			throw new Error(
				`${ where }: a schema titled proxy-health-… is expected.`
			);
		}
		const name = documentName( title );
		const { definitions, $schema, ...rest } = schema;
		void $schema;
		const known = documents.get( name );
		if ( known && JSON.stringify( known ) !== JSON.stringify( rest ) ) {
			throw new Error(
				`${ where }: ${ title } differs from another route's.`
			);
		}
		documents.set( name, rest );
		if ( isObject( definitions ) ) {
			for ( const [ key, definition ] of Object.entries( definitions ) ) {
				if ( isObject( definition ) ) {
					add( definition, `${ where } definitions.${ key }` );
				}
			}
		}
	};
	for ( const [ route, entry ] of Object.entries(
		contract.routes as Record< string, RouteEntry >
	) ) {
		if ( entry.schema ) {
			add( entry.schema as JsonObject, route );
		}
	}
	return new Map(
		[ ...documents.entries() ].sort( ( [ a ], [ b ] ) =>
			a.localeCompare( b )
		)
	);
}

/**
 * The code lists the schemas name (`x-codes`; the codes are the node's `enum`, or for a list
 * other plugins may extend, its `examples`), in first-seen order.
 *
 * @param documents Document schemas.
 */
function codeLists(
	documents: Map< string, JsonObject >
): Map< string, string[] > {
	const lists = new Map< string, string[] >();
	const walk = ( node: Json ) => {
		if ( Array.isArray( node ) ) {
			node.forEach( walk );
			return;
		}
		if ( ! isObject( node ) ) {
			return;
		}
		const known = Array.isArray( node.enum ) ? node.enum : node.examples;
		if ( typeof node[ 'x-codes' ] === 'string' && Array.isArray( known ) ) {
			const list = lists.get( node[ 'x-codes' ] ) ?? [];
			for ( const code of known ) {
				if ( typeof code === 'string' && ! list.includes( code ) ) {
					list.push( code );
				}
			}
			lists.set( node[ 'x-codes' ], list );
		}
		Object.values( node ).forEach( walk );
	};
	documents.forEach( walk );
	return new Map(
		[ ...lists.entries() ].sort( ( [ a ], [ b ] ) => a.localeCompare( b ) )
	);
}

/**
 * A schema as compared for sameness: without descriptions and titles.
 * @param node
 */
function canonical( node: Json ): string {
	const bare = ( value: Json, names = false ): Json => {
		if ( Array.isArray( value ) ) {
			return value.map( ( item ) => bare( item ) );
		}
		if ( ! isObject( value ) ) {
			return value;
		}
		const out: JsonObject = {};
		for ( const [ key, item ] of Object.entries( value ) ) {
			if (
				names ||
				! [ 'description', 'title', '$schema' ].includes( key )
			) {
				out[ key ] = bare( item, ! names && key === 'properties' );
			}
		}
		return out;
	};
	return JSON.stringify( bare( node ) );
}

/**
 * The documents with every copy of another document inside them (GET /report holds GET
 * /status, a probe report, …) replaced by a reference, nullable copies by `ref | null`: each
 * document is then typed and checked once.
 *
 * @param documents Document schemas.
 * @param ref       The reference to a document, by name.
 */
function factored(
	documents: Map< string, JsonObject >,
	ref: ( name: string ) => string
): Map< string, JsonObject > {
	const keys = [ ...documents ].map( ( [ name, schema ] ) => ( {
		name,
		key: canonical( stripped( schema ) ),
		nullable: canonical( {
			...( stripped( schema ) as JsonObject ),
			type: [ 'object', 'null' ],
		} ),
	} ) );
	const replace = ( node: Json, own: string ): Json => {
		if ( Array.isArray( node ) ) {
			return node.map( ( item ) => replace( item, own ) );
		}
		if ( ! isObject( node ) ) {
			return node;
		}
		const key = canonical( node );
		const description =
			typeof node.description === 'string'
				? { description: node.description }
				: {};
		for ( const target of keys ) {
			if ( target.name === own ) {
				continue;
			}
			if ( target.key === key ) {
				return { ...description, $ref: ref( target.name ) };
			}
			if ( target.nullable === key ) {
				return {
					...description,
					anyOf: [ { $ref: ref( target.name ) }, { type: 'null' } ],
				};
			}
		}
		const out: JsonObject = {};
		for ( const [ name, value ] of Object.entries( node ) ) {
			out[ name ] = replace( value, own );
		}
		return out;
	};
	return new Map(
		[ ...documents ].map( ( [ name, schema ] ) => {
			const out: JsonObject = {};
			for ( const [ key, value ] of Object.entries(
				stripped( schema ) as JsonObject
			) ) {
				out[ key ] = replace( value, name );
			}
			return [ name, out ];
		} )
	);
}

/**
 * A deep copy without the keys json-schema-to-typescript and Ajv do not need (keywords only:
 * a property named `context` stays).
 * @param node
 * @param names Whether the node's keys are property names.
 */
function stripped( node: Json, names = false ): Json {
	if ( Array.isArray( node ) ) {
		return node.map( ( item ) => stripped( item ) );
	}
	if ( ! isObject( node ) ) {
		return node;
	}
	const out: JsonObject = {};
	for ( const [ key, value ] of Object.entries( node ) ) {
		if (
			names ||
			! [ 'x-codes', 'examples', 'context', 'readonly' ].includes( key )
		) {
			out[ key ] = stripped(
				value,
				! names && ( key === 'properties' || key === 'definitions' )
			);
		}
	}
	return out;
}

const BANNER = ( what: string ) =>
	`/* eslint-disable */\n/**\n * ${ what }\n * Generated by \`npm run contract\` from the plugin's REST schemas: do not edit by hand.\n */\n`;

/**
 * The parts the PHP schemas name (a `title` inside a document, `Schema::named()`), each moved
 * to `definitions` once and referred to wherever it appears (a nullable copy as `ref | null`),
 * so json-schema-to-typescript declares each named shape once.
 *
 * @param documents Document schemas (documents already referenced by name).
 */
function namedParts( documents: Map< string, JsonObject > ): {
	schemas: Map< string, JsonObject >;
	definitions: JsonObject;
} {
	const definitions: JsonObject = {};
	const lift = ( node: Json, names: boolean ): Json => {
		if ( Array.isArray( node ) ) {
			return node.map( ( item ) => lift( item, false ) );
		}
		if ( ! isObject( node ) ) {
			return node;
		}
		const out: JsonObject = {};
		for ( const [ key, value ] of Object.entries( node ) ) {
			out[ key ] = lift( value, ! names && key === 'properties' );
		}
		if ( names || typeof out.title !== 'string' ) {
			return out;
		}
		const { title, description, ...part } = out;
		const nullable =
			Array.isArray( part.type ) &&
			part.type.length === 2 &&
			part.type.includes( 'null' );
		if ( nullable ) {
			part.type =
				( part.type as Json[] ).find( ( type ) => type !== 'null' ) ??
				null;
		}
		const known = definitions[ title ];
		if ( known && canonical( known ) !== canonical( part ) ) {
			throw new Error( `Two parts named ${ title } differ.` );
		}
		definitions[ title ] = { title, ...part };
		const ref = { $ref: `#/definitions/${ title }` };
		return {
			...( typeof description === 'string' ? { description } : {} ),
			...( nullable ? { anyOf: [ ref, { type: 'null' } ] } : ref ),
		};
	};
	const schemas = new Map(
		[ ...documents ].map( ( [ name, schema ] ) => [
			name,
			Object.fromEntries(
				Object.entries( schema ).map( ( [ key, value ] ) => [
					key,
					lift( value, key === 'properties' ),
				] )
			),
		] )
	);
	return { schemas, definitions };
}

async function typesSource(
	documents: Map< string, JsonObject >,
	lists: Map< string, string[] >
): Promise< string > {
	const { schemas, definitions } = namedParts(
		factored( documents, ( name ) => `#/properties/${ name }` )
	);
	const root = {
		title: 'ProxyHealthContract',
		type: 'object',
		properties: Object.fromEntries(
			[ ...schemas ].map( ( [ name, schema ] ) => [
				name,
				{ ...schema, title: name },
			] )
		),
		definitions,
		additionalProperties: false,
	};
	const source = await compile( root as JSONSchema, 'ProxyHealthContract', {
		bannerComment: '',
		additionalProperties: false,
		unreachableDefinitions: false,
		strictIndexSignatures: false,
		format: true,
		style: { useTabs: true, singleQuote: true },
	} );
	// The wrapper interface only gathers the documents.
	const body = source.replace(
		/export interface ProxyHealthContract \{[\s\S]*?\n\}\n/,
		''
	);
	const codes = [ ...lists ]
		.map( ( [ name, list ] ) => {
			const constant = `${ name
				.replace( /([a-z])([A-Z])/g, '$1_$2' )
				.toUpperCase() }S`;
			return [
				`export const ${ constant } = ${ JSON.stringify( list )
					.replace( /"/g, "'" )
					.replace( /,/g, ', ' ) } as const;`,
				`export type ${ name } = ( typeof ${ constant } )[ number ];`,
				`export const isKnown${ name } = /* #__PURE__ */ knows( ${ constant } );`,
			].join( '\n' );
		} )
		.join( '\n' );
	const knows = [
		'/** Whether this build knows a code of a list (other plugins and newer sites may send others). */',
		'const knows =',
		'\t< T extends string >( list: readonly T[] ) =>',
		'\t( code: string ): code is T =>',
		'\t\t( list as readonly string[] ).includes( code );',
	].join( '\n' );
	return `${ BANNER( 'Types of the Proxy Health REST documents and the code lists they name.' ) }\n${ knows }\n\n${ codes }\n\n${ body.trim() }\n`;
}

/**
 * Parts that several documents (or one document several times) repeat, e.g. the `.htaccess`
 * audit, recorded calls, diagnoses, become shared schemas the validators call, so each is
 * compiled once. Largest parts first; small ones stay inline.
 *
 * @param documents Document schemas (documents already referenced by name).
 */
function sharedParts( documents: Map< string, JsonObject > ): {
	schemas: Map< string, JsonObject >;
	shared: Map< string, JsonObject >;
} {
	const MIN_LENGTH = 50;
	let schemas = documents;
	const shared = new Map< string, JsonObject >();
	for (;;) {
		const counts = new Map< string, { count: number; node: JsonObject } >();
		const count = ( node: Json, top: boolean ) => {
			if ( Array.isArray( node ) ) {
				node.forEach( ( item ) => count( item, false ) );
				return;
			}
			if ( ! isObject( node ) ) {
				return;
			}
			const key = JSON.stringify( node );
			if (
				! top &&
				key.length >= MIN_LENGTH &&
				( node.type !== undefined || node.anyOf !== undefined )
			) {
				const seen = counts.get( key );
				counts.set( key, { count: ( seen?.count ?? 0 ) + 1, node } );
			}
			Object.values( node ).forEach( ( value ) => count( value, false ) );
		};
		schemas.forEach( ( schema ) => count( schema, true ) );
		shared.forEach( ( schema ) => count( schema, true ) );
		const best = [ ...counts ]
			.filter( ( [ , seen ] ) => seen.count > 1 )
			.sort(
				( [ a ], [ b ] ) => b.length - a.length || a.localeCompare( b )
			)[ 0 ];
		if ( ! best ) {
			return { schemas, shared };
		}
		const name = `Part${ shared.size + 1 }`;
		const replace = ( node: Json ): Json => {
			if ( Array.isArray( node ) ) {
				return node.map( replace );
			}
			if ( ! isObject( node ) ) {
				return node;
			}
			if ( JSON.stringify( node ) === best[ 0 ] ) {
				return { $ref: name };
			}
			return Object.fromEntries(
				Object.entries( node ).map( ( [ key, value ] ) => [
					key,
					replace( value ),
				] )
			);
		};
		const top = ( schema: JsonObject ): JsonObject =>
			Object.fromEntries(
				Object.entries( schema ).map( ( [ key, value ] ) => [
					key,
					replace( value ),
				] )
			);
		schemas = new Map(
			[ ...schemas ].map( ( [ key, schema ] ) => [ key, top( schema ) ] )
		);
		for ( const [ key, schema ] of shared ) {
			shared.set( key, top( schema ) );
		}
		shared.set( name, best[ 1 ].node );
	}
}

/**
 * `StatusDocument` → `status-document`.
 * @param name
 */
const kebab = ( name: string ): string =>
	name.replace( /([a-z])([A-Z])/g, '$1-$2' ).toLowerCase();

/**
 * The validators, one module per document (`check/<document>.js` with its `.d.ts`: standalone
 * Ajv code, only what that document needs), so that a bundler ships a view's checks with the
 * view: `load.ts` imports each module on demand (one script chunk per document), `validators.ts`
 * exports them all for code that needs them at once (the CLI, tests).
 *
 * @param documents Document schemas.
 */
function validatorFiles(
	documents: Map< string, JsonObject >
): Record< string, string > {
	const { schemas, shared } = sharedParts(
		factored( documents, ( ref ) => ref )
	);
	const banner = BANNER(
		'Compiled Ajv validator of one Proxy Health REST document.'
	);
	const files: Record< string, string > = {};
	const index: string[] = [];
	const loaders: string[] = [];
	for ( const name of schemas.keys() ) {
		const ajv = new Ajv( {
			code: { source: true, esm: true },
			strict: false,
			validateFormats: false,
			allErrors: false,
			// Callers ask "is this the document?"; the panel need not carry error messages.
			messages: false,
			verbose: false,
		} );
		for ( const [ key, schema ] of [ ...shared, ...schemas ] ) {
			ajv.addSchema( schema as object, key );
		}
		const file = `check/${ kebab( name ) }`;
		files[ `${ file }.js` ] = `${ banner }${ standaloneCode( ajv, {
			[ `is${ name }` ]: name,
		} ) }\n`;
		files[ `${ file }.d.ts` ] =
			`${ banner }import type { ${ name } } from '../types';\n\nexport declare function is${ name }( value: unknown ): value is ${ name };\n`;
		index.push( `export { is${ name } } from './${ file }';` );
		loaders.push(
			`\t${ name }: () =>\n\t\timport( /* webpackChunkName: "contract-${ kebab(
				name
			) }" */ './${ file }' ).then( ( module ) => module.is${ name } ),`
		);
	}
	files[ 'validators.ts' ] = `${ BANNER(
		'Every document validator (the panel loads them one by one through load.ts).'
	) }\n${ index.join( '\n' ) }\n`;
	files[ 'load.ts' ] = `${ BANNER(
		'Each document validator, loaded on demand in a script chunk of its own: `load.ReportDocument()` resolves with `isReportDocument`.'
	) }\nexport const load = {\n${ loaders.join( '\n' ) }\n};\n`;
	return files;
}

/**
 * Files in src/api/contract/ that the contract no longer generates (e.g. a removed document's).
 *
 * @param files The generated files, by path in src/api/contract/.
 */
function extraFiles( files: Record< string, string > ): string[] {
	const present = ( folder: string ): string[] => {
		try {
			return readdirSync( path.join( OUT, folder ) )
				.filter( ( name ) => name !== 'check' || folder !== '' )
				.map( ( name ) => path.posix.join( folder, name ) );
		} catch {
			return [];
		}
	};
	return [ ...present( '' ), ...present( 'check' ) ].filter(
		( file ) => ! ( file in files )
	);
}

async function main(): Promise< number > {
	const args = process.argv.slice( 2 );
	const check = args.includes( '--check' );
	const from = args.includes( '--from' )
		? args[ args.indexOf( '--from' ) + 1 ]
		: undefined;
	const index = from
		? ( JSON.parse( readFileSync( from, 'utf8' ) ) as JsonObject )
		: await readIndex();
	const contract = contractFrom( index );
	const documents = documentsOf( contract );
	const lists = codeLists( documents );
	const files: Record< string, string > = {
		'contract.json': `${ JSON.stringify( contract, null, '\t' ) }\n`,
		'types.ts': await typesSource( documents, lists ),
		...validatorFiles( documents ),
	};
	if ( check ) {
		const stale = [
			...Object.keys( files ),
			...extraFiles( files ),
		].filter( ( file ) => {
			try {
				return (
					readFileSync( path.join( OUT, file ), 'utf8' ) !==
					files[ file ]
				);
			} catch {
				return true;
			}
		} );
		if ( stale.length > 0 ) {
			console.error(
				`The REST contract differs from the running plugin: ${ stale
					.map( ( file ) => `src/api/contract/${ file }` )
					.join(
						', '
					) }. Run npm run contract and commit the result.`
			);
			return 1;
		}
		console.log(
			`contract: ${ Object.keys( files ).length } files match the plugin (${ documents.size } documents).`
		);
		return 0;
	}
	for ( const file of extraFiles( files ) ) {
		rmSync( path.join( OUT, file ) );
	}
	mkdirSync( path.join( OUT, 'check' ), { recursive: true } );
	for ( const [ file, text ] of Object.entries( files ) ) {
		writeFileSync( path.join( OUT, file ), text );
	}
	console.log(
		`contract: wrote src/api/contract/ (${ documents.size } documents, ${ lists.size } code lists).`
	);
	return 0;
}

main().then(
	( code ) => process.exit( code ),
	( error: unknown ) => {
		console.error( error instanceof Error ? error.message : error );
		process.exit( 1 );
	}
);
