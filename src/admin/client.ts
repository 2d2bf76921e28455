/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';

/**
 * Internal dependencies
 */
import { apiFetchTransport } from '../api/api-fetch-transport';
import { createClient, REST_NAMESPACE, toApiError } from '../api/client';
import type { ProxyHealthClient, RequestOptions } from '../api/client';
import type { AllowListFormat } from '../api/types';

/** Plugin file => the name in its header, e.g. `akismet/akismet.php` => `Akismet Anti-spam`. */
export type PluginNames = Record< string, string >;

/** The typed client plus the two calls only wp-admin makes. */
export interface PanelClient extends ProxyHealthClient {
	/**
	 * The names of the site's plugins from their file headers, as WordPress core's
	 * `GET /wp/v2/plugins` reads them (administrators only). Core names a plugin by its file
	 * without `.php`; bisections name it by the file. Resolves with no names when core's route
	 * is unavailable (blocked, or an older site): the panel then shows plugin files. Rejects
	 * only when aborted.
	 */
	getPluginNames: ( options?: RequestOptions ) => Promise< PluginNames >;
	/**
	 * `GET /evidence/bundle?format=html`: the redacted report as one printable page (HTML text).
	 * Rejects with a `ProxyHealthApiError` only.
	 */
	getPrintableReport: ( options?: RequestOptions ) => Promise< string >;
	/**
	 * `GET /allow-list?format=text|csv`: the allow-list for the network team as the text or
	 * CSV file the site serves. Rejects with a `ProxyHealthApiError` only.
	 */
	getAllowListFile: (
		format: Exclude< AllowListFormat, 'json' >,
		options?: RequestOptions
	) => Promise< string >;
}

/**
 * Whether api-fetch threw the `Response` itself (what it does for errors with `parse: false`).
 *
 * @param value Anything thrown.
 */
function isResponse( value: unknown ): value is Response {
	return (
		typeof value === 'object' &&
		value !== null &&
		typeof ( value as Partial< Response > ).text === 'function' &&
		typeof ( value as Partial< Response > ).status === 'number'
	);
}

async function getPluginNames( {
	signal,
}: RequestOptions = {} ): Promise< PluginNames > {
	let plugins: unknown;
	try {
		plugins = await apiFetch< unknown >( {
			path: '/wp/v2/plugins?_fields=plugin,name',
			...( signal ? { signal } : {} ),
		} );
	} catch ( thrown ) {
		const error = toApiError( thrown, signal );
		if ( error.kind === 'aborted' ) {
			throw error;
		}
		return {};
	}
	const names: PluginNames = {};
	if ( ! Array.isArray( plugins ) ) {
		return names;
	}
	for ( const plugin of plugins as Array< Record< string, unknown > > ) {
		if (
			typeof plugin?.plugin === 'string' &&
			typeof plugin.name === 'string' &&
			plugin.name !== ''
		) {
			names[ `${ plugin.plugin }.php` ] = plugin.name;
		}
	}
	return names;
}

/**
 * A route's body as text: for the files the site serves raw (HTML, text, CSV).
 *
 * @param path   Path under the namespace, with its query.
 * @param signal Aborts the request.
 */
async function getText(
	path: string,
	signal?: AbortSignal
): Promise< string > {
	try {
		// parse: false keeps api-fetch's nonce and root but leaves the body unparsed.
		const response = await apiFetch< never, false >( {
			path: `/${ REST_NAMESPACE }${ path }`,
			parse: false,
			...( signal ? { signal } : {} ),
		} );
		return await response.text();
	} catch ( thrown ) {
		let error: unknown = thrown;
		// With parse: false a REST error arrives as the Response itself.
		if ( isResponse( thrown ) ) {
			error = await thrown
				.text()
				.then( ( text ) => JSON.parse( text ) as unknown )
				.catch( () => thrown );
		}
		throw toApiError( error, signal );
	}
}

function getPrintableReport( {
	signal,
}: RequestOptions = {} ): Promise< string > {
	return getText( '/evidence/bundle?format=html', signal );
}

function getAllowListFile(
	format: Exclude< AllowListFormat, 'json' >,
	{ signal }: RequestOptions = {}
): Promise< string > {
	return getText( `/allow-list?format=${ format }`, signal );
}

/** The panel's client: api-fetch with the wp-admin REST root and nonce. */
export const client: PanelClient = {
	...createClient( apiFetchTransport ),
	getPluginNames,
	getPrintableReport,
	getAllowListFile,
};
