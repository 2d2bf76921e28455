/**
 * Discovers Proxy Health's REST routes from the live REST index, so the cross-cutting suites
 * (permissions, bad input, secret audit) cover every route the plugin registers today and every
 * route added tomorrow without anyone listing them.
 */

/**
 * Internal dependencies
 */
import { call, type Caller } from './wp-session';

export const NAMESPACE = 'proxy-health/v1';

/** One argument schema as the REST index shows it. */
export interface ArgSchema {
	type?: string | string[];
	required?: boolean;
	enum?: unknown[];
	format?: string;
	pattern?: string;
	minimum?: number;
	maximum?: number;
	minLength?: number;
	maxLength?: number;
	minItems?: number;
	maxItems?: number;
	uniqueItems?: boolean;
	items?: ArgSchema;
	properties?: Record< string, ArgSchema >;
	default?: unknown;
}

/** One method of one route, with a concrete path to call. */
export interface Endpoint {
	/** The registered pattern, e.g. `/proxy-health/v1/bisections/(?P<id>…)`. */
	route: string;
	method: string;
	/** The pattern with every path parameter replaced by a valid sample. */
	path: string;
	/** Path parameters by name with the sample used. */
	pathParams: Record< string, string >;
	args: Record< string, ArgSchema >;
}

interface IndexRoute {
	endpoints?: Array< {
		methods?: string[];
		args?: Record< string, ArgSchema > | [];
	} >;
}

/** A UUID v4 fits every id pattern the plugin uses (reports, bisections). */
const SAMPLE_UUID = '0f5e0c2a-1b2c-4d3e-8f40-123456789abc';

/**
 * Reads the namespace index and returns every endpoint except the index itself (which
 * WordPress serves to anyone by design).
 *
 * @param siteUrl Base URL.
 * @param caller  An administrator (the index shows args to anyone, but be explicit).
 */
export async function discoverEndpoints(
	siteUrl: string,
	caller: Caller
): Promise< Endpoint[] > {
	const answer = await call( siteUrl, caller, `/${ NAMESPACE }` );
	const routes = ( answer.body as { routes?: Record< string, IndexRoute > } )
		?.routes;
	if ( answer.status !== 200 || ! routes ) {
		throw new Error(
			`The REST index of ${ NAMESPACE } did not answer: ${ answer.status } ${ answer.text.slice(
				0,
				300
			) }`
		);
	}
	const endpoints: Endpoint[] = [];
	for ( const [ route, description ] of Object.entries( routes ) ) {
		if ( route === `/${ NAMESPACE }` ) {
			continue;
		}
		const { path, pathParams } = concretePath( route );
		for ( const endpoint of description.endpoints ?? [] ) {
			const args = Array.isArray( endpoint.args )
				? {}
				: ( endpoint.args ?? {} );
			for ( const method of endpoint.methods ?? [] ) {
				endpoints.push( { route, method, path, pathParams, args } );
			}
		}
	}
	return endpoints;
}

/**
 * Replaces each `(?P<name>regex)` with a sample the regex accepts.
 *
 * @param route Registered route pattern.
 */
export function concretePath( route: string ): {
	path: string;
	pathParams: Record< string, string >;
} {
	const pathParams: Record< string, string > = {};
	const path = route.replace(
		/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>((?:[^()]|\([^()]*\))*)\)/g,
		( _whole, name: string, pattern: string ) => {
			const accepts = new RegExp( `^(?:${ pattern })$` );
			const sample = [ SAMPLE_UUID, '1', 'a', 'sample' ].find(
				( candidate ) => accepts.test( candidate )
			);
			if ( sample === undefined ) {
				throw new Error(
					`No sample value fits the path parameter ${ name } (${ pattern }) of ${ route }; add one in tests/support/rest-routes.ts.`
				);
			}
			pathParams[ name ] = sample;
			return sample;
		}
	);
	return { path, pathParams };
}

/** Known arguments: values that make a request succeed quickly against the lab. */
export interface SampleContext {
	/** A URL the lab can reach through its proxy (the HTTP target). */
	targetUrl: string;
}

/**
 * A minimal valid body for an endpoint: every required argument, plus known arguments that
 * keep heavy routes light (one target, client-driven bisections).
 *
 * @param endpoint Endpoint.
 * @param context  Lab URLs.
 */
export function sampleBody(
	endpoint: Endpoint,
	context: SampleContext
): Record< string, unknown > | undefined {
	if ( endpoint.method === 'GET' || endpoint.method === 'DELETE' ) {
		return undefined;
	}
	const known: Record< string, unknown > = {
		url: `${ context.targetUrl }/`,
		targets: [ `${ context.targetUrl }/` ],
		transports: [ 'curl' ],
		// One bisection request per call: the client drives the steps, nobody waits for a search.
		driver: 'client',
	};
	const body: Record< string, unknown > = {};
	for ( const [ name, schema ] of Object.entries( endpoint.args ) ) {
		if ( name in known && acceptsSample( schema, known[ name ] ) ) {
			body[ name ] = known[ name ];
		} else if ( schema.required ) {
			body[ name ] = sampleFor( schema, context );
		}
	}
	return body;
}

function acceptsSample( schema: ArgSchema, value: unknown ): boolean {
	if ( schema.enum ) {
		return schema.enum.includes( value );
	}
	if ( Array.isArray( value ) && schema.items?.enum ) {
		return value.every( ( item ) => schema.items?.enum?.includes( item ) );
	}
	return true;
}

/**
 * A valid value for a schema, by enum, format and type.
 *
 * @param schema  Argument schema.
 * @param context Lab URLs.
 */
export function sampleFor(
	schema: ArgSchema,
	context: SampleContext
): unknown {
	if ( schema.enum && schema.enum.length > 0 ) {
		return schema.enum[ 0 ];
	}
	if ( schema.default !== undefined ) {
		return schema.default;
	}
	const type = Array.isArray( schema.type ) ? schema.type[ 0 ] : schema.type;
	switch ( type ) {
		case 'integer':
		case 'number':
			return schema.minimum ?? 1;
		case 'boolean':
			return false;
		case 'array':
			return schema.items && ( schema.minItems ?? 0 ) > 0
				? [ sampleFor( schema.items, context ) ]
				: [];
		case 'object': {
			const object: Record< string, unknown > = {};
			for ( const [ name, property ] of Object.entries(
				schema.properties ?? {}
			) ) {
				if ( property.required ) {
					object[ name ] = sampleFor( property, context );
				}
			}
			return object;
		}
		default:
			if ( schema.format === 'uri' || schema.format === 'url' ) {
				return `${ context.targetUrl }/`;
			}
			if ( schema.format === 'date-time' ) {
				return new Date().toISOString();
			}
			if ( schema.format === 'uuid' ) {
				return SAMPLE_UUID;
			}
			return 'sample';
	}
}

/**
 * The DELETE endpoint that undoes what a successful POST to `endpoint` created, if any
 * (`POST /things` → `DELETE /things/{id}`).
 *
 * @param endpoints All endpoints.
 * @param endpoint  The creating endpoint.
 * @param id        Id of the created item.
 */
export function undoPath(
	endpoints: readonly Endpoint[],
	endpoint: Endpoint,
	id: string
): string | undefined {
	const deleter = endpoints.find(
		( candidate ) =>
			candidate.method === 'DELETE' &&
			candidate.route.startsWith( `${ endpoint.route }/(?P<` ) &&
			Object.keys( candidate.pathParams ).length === 1 &&
			/^\/\(\?P<[^>]+>(?:[^()]|\([^()]*\))*\)$/.test(
				candidate.route.slice( endpoint.route.length )
			)
	);
	return deleter ? `${ endpoint.route }/${ id }` : undefined;
}

/**
 * `GET /probes/{id}` etc.: one line per endpoint for messages.
 * @param endpoint
 */
export function label( endpoint: Endpoint ): string {
	return `${ endpoint.method } ${ endpoint.route.replace(
		`/${ NAMESPACE }`,
		''
	) }`;
}
