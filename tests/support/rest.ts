/**
 * REST calls to a lab site with its Application Password, as the CLI and agencies make them.
 */

/**
 * Internal dependencies
 */
import type { LabSite } from '../../src/lab/wordpress/site';

export interface RestAnswer< T = unknown > {
	status: number;
	body: T;
	text: string;
}

/**
 * Calls a REST route (e.g. `/proxy-health/v1/status`) with Basic auth from the Application Password.
 *
 * @param siteUrl     Base URL of the running site.
 * @param site        Lab site (for its admin credentials); null for an anonymous call.
 * @param route       Route under /wp-json.
 * @param init        Method and JSON body.
 * @param init.method
 * @param init.body
 */
export async function rest< T = unknown >(
	siteUrl: string,
	site: LabSite | null,
	route: string,
	init: { method?: string; body?: unknown } = {}
): Promise< RestAnswer< T > > {
	const headers: Record< string, string > = { Accept: 'application/json' };
	if ( site ) {
		headers.Authorization = `Basic ${ Buffer.from(
			`${ site.admin.username }:${ site.admin.applicationPassword }`
		).toString( 'base64' ) }`;
	}
	if ( init.body !== undefined ) {
		headers[ 'Content-Type' ] = 'application/json';
	}
	const response = await fetch( `${ siteUrl }/?rest_route=${ route }`, {
		method: init.method ?? 'GET',
		headers,
		body: init.body === undefined ? undefined : JSON.stringify( init.body ),
	} );
	const text = await response.text();
	let body: unknown = null;
	try {
		body = JSON.parse( text );
	} catch {
		// Left null: the caller asserts on status and text.
	}
	return { status: response.status, body: body as T, text };
}
