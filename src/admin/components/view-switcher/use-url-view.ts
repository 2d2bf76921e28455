/**
 * WordPress dependencies
 */
import { useCallback, useEffect, useState } from '@wordpress/element';

/** The query argument that names the view: `tools.php?page=proxy-health&view=hooks`. */
export const VIEW_PARAM = 'view';

/**
 * The view named in the current URL, when it is one of `names`; else the first name.
 *
 * @param names Known view names, the default first.
 */
export function readUrlView( names: readonly string[] ): string {
	const wanted = new URLSearchParams( window.location.search ).get(
		VIEW_PARAM
	);
	return wanted !== null && names.includes( wanted )
		? wanted
		: ( names[ 0 ] ?? '' );
}

/**
 * The URL for a view: the current one with `view` set, or removed for the default view, so
 * that the page's plain address keeps meaning "Overview".
 *
 * @param name        View name.
 * @param defaultName The view shown without a `view` argument.
 */
export function urlForView( name: string, defaultName: string ): string {
	const url = new URL( window.location.href );
	if ( name === defaultName ) {
		url.searchParams.delete( VIEW_PARAM );
	} else {
		url.searchParams.set( VIEW_PARAM, name );
	}
	return url.toString();
}

/**
 * The selected view, kept in the page URL: selecting pushes a history entry, and the
 * browser's back and forward buttons select the view of the entry they return to.
 *
 * @param names Known view names, the default first.
 * @return The selected name and a function that selects another.
 */
export function useUrlView(
	names: readonly string[]
): [ string, ( name: string ) => void ] {
	const [ selected, setSelected ] = useState( () => readUrlView( names ) );
	const key = names.join( '\n' );

	useEffect( () => {
		const onPopState = () =>
			setSelected( readUrlView( key.split( '\n' ) ) );
		window.addEventListener( 'popstate', onPopState );
		return () => window.removeEventListener( 'popstate', onPopState );
	}, [ key ] );

	const select = useCallback(
		( name: string ) => {
			if ( name === selected ) {
				return;
			}
			window.history.pushState(
				{ proxyHealthView: name },
				'',
				urlForView( name, key.split( '\n' )[ 0 ] ?? '' )
			);
			setSelected( name );
		},
		[ key, selected ]
	);

	return [ selected, select ];
}
