/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { PluginNames } from '../../client';

export type { PluginNames } from '../../client';

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
