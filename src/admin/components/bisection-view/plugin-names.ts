/**
 * WordPress dependencies
 */
import apiFetch from '@wordpress/api-fetch';
import { __, sprintf } from '@wordpress/i18n';

/** Plugin file => the name in its header, e.g. `akismet/akismet.php` => `Akismet Anti-spam`. */
export type PluginNames = Record< string, string >;

/**
 * The names of the site's plugins from their file headers, as WordPress core's
 * `GET /wp/v2/plugins` reads them (administrators only). Core names a plugin by its file
 * without `.php`; bisections name it by the file. Resolves with no names when core's route is
 * unavailable (blocked, or an older site): the panel then shows plugin files.
 *
 * @param signal Aborts the request.
 */
export async function fetchPluginNames(
	signal?: AbortSignal
): Promise< PluginNames > {
	try {
		const plugins = await apiFetch< unknown >( {
			path: '/wp/v2/plugins?_fields=plugin,name',
			...( signal ? { signal } : {} ),
		} );
		if ( ! Array.isArray( plugins ) ) {
			return {};
		}
		const names: PluginNames = {};
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
	} catch {
		return {};
	}
}

/** How a bisection names the active theme when the run tests it too. */
const THEME_PREFIX = 'theme:';

/**
 * A candidate's name: a plugin's name (or its file when the name is unknown), or "Theme: …"
 * for the `theme:<stylesheet>` candidate.
 *
 * @param names Known names.
 * @param file  Plugin file, or `theme:<stylesheet>`.
 */
export function pluginName( names: PluginNames, file: string ): string {
	if ( file.startsWith( THEME_PREFIX ) ) {
		return sprintf(
			/* translators: %s: theme folder name, e.g. twentytwentyfour. */
			__( 'Theme: %s', 'proxy-health' ),
			file.slice( THEME_PREFIX.length )
		);
	}
	return names[ file ] ?? file;
}
