/**
 * External dependencies
 */
import type { ComponentType, KeyboardEvent, ReactNode } from 'react';

/**
 * WordPress dependencies
 */
import { Button, Spinner } from '@wordpress/components';
import {
	Suspense,
	lazy,
	useMemo,
	useRef,
	useState,
	useEffect,
} from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { useUrlView } from './use-url-view';
import ViewBoundary from './view-boundary';

/** A view's module, as `import()` resolves it. */
export type ViewModule = { default: ComponentType };

/** One view of the panel (Overview, URL explainer, Hooks; later History, Bisection, …). */
export interface PanelView {
	/** Stable identifier: the tab's name and the `view` query argument. */
	name: string;
	/** Translated tab title. */
	title: string;
	/** Renders a view that ships in the initial script. */
	render?: () => ReactNode;
	/** Loads a view on demand, in its own script chunk (`() => import( '…' )`). */
	load?: () => Promise< ViewModule >;
}

export interface ViewSwitcherProps {
	/** The views, in tab order; the first one is shown when the URL names none. */
	views: PanelView[];
}

/**
 * Renders one view: directly, or through `React.lazy` for views loaded on demand.
 *
 * @param props      Component props.
 * @param props.view The view.
 */
function ViewContent( { view }: { view: PanelView } ) {
	const { load, render } = view;
	// One lazy component per loader, so that a view is fetched once and keeps its state.
	const Lazy = useMemo( () => ( load ? lazy( load ) : null ), [ load ] );
	if ( ! Lazy ) {
		return <>{ render?.() }</>;
	}
	return (
		<Suspense
			fallback={
				<p className="proxy-health-view-loading">
					<Spinner />
					{ __( 'Loading…', 'proxy-health' ) }
				</p>
			}
		>
			<Lazy />
		</Suspense>
	);
}

/**
 * Shows the panel's views: a single view as is, several as tabs whose selection lives in the
 * page URL (`&view=…`), so a view can be linked to and back/forward move between views.
 * Views stay mounted once opened (hidden when not selected), so switching back to a view
 * keeps its results.
 *
 * @param props       Component props.
 * @param props.views The views, in tab order.
 */
export default function ViewSwitcher( { views }: ViewSwitcherProps ) {
	const names = views.map( ( view ) => view.name );
	const [ selected, select ] = useUrlView( names );
	const [ opened, setOpened ] = useState< string[] >( [ selected ] );
	const tabRefs = useRef< Record< string, HTMLButtonElement | null > >( {} );
	const idPrefix = 'proxy-health-view';

	useEffect( () => {
		setOpened( ( previous ) =>
			previous.includes( selected ) ? previous : [ ...previous, selected ]
		);
	}, [ selected ] );

	const [ only ] = views;
	if ( views.length === 1 && only ) {
		return <ViewContent view={ only } />;
	}

	// Arrow keys move between tabs and select them (the WAI-ARIA tabs pattern).
	const onKeyDown = ( event: KeyboardEvent< HTMLButtonElement > ) => {
		const index = names.indexOf( selected );
		const moves: Record< string, number > = {
			ArrowRight: index + 1,
			ArrowLeft: index - 1,
			Home: 0,
			End: names.length - 1,
		};
		const target = moves[ event.key ];
		if ( target === undefined ) {
			return;
		}
		event.preventDefault();
		const name = names[ ( target + names.length ) % names.length ];
		if ( name !== undefined ) {
			select( name );
			tabRefs.current[ name ]?.focus();
		}
	};

	return (
		<div className="proxy-health-views components-tab-panel">
			<div
				role="tablist"
				aria-label={ __( 'Proxy Health views', 'proxy-health' ) }
				className="components-tab-panel__tabs"
			>
				{ views.map( ( view ) => {
					const isSelected = view.name === selected;
					return (
						<Button
							key={ view.name }
							ref={ ( element: HTMLButtonElement | null ) => {
								tabRefs.current[ view.name ] = element;
							} }
							role="tab"
							id={ `${ idPrefix }-tab-${ view.name }` }
							aria-selected={ isSelected }
							aria-controls={ `${ idPrefix }-panel-${ view.name }` }
							tabIndex={ isSelected ? 0 : -1 }
							className={
								'components-tab-panel__tabs-item' +
								( isSelected ? ' is-active' : '' )
							}
							onClick={ () => select( view.name ) }
							onKeyDown={ onKeyDown }
							__next40pxDefaultSize
						>
							{ view.title }
						</Button>
					);
				} ) }
			</div>
			{ views
				.filter(
					( view ) =>
						opened.includes( view.name ) || view.name === selected
				)
				.map( ( view ) => (
					<div
						key={ view.name }
						role="tabpanel"
						id={ `${ idPrefix }-panel-${ view.name }` }
						aria-labelledby={ `${ idPrefix }-tab-${ view.name }` }
						className="components-tab-panel__tab-content proxy-health-view"
						hidden={ view.name !== selected }
					>
						<ViewBoundary>
							<ViewContent view={ view } />
						</ViewBoundary>
					</div>
				) ) }
		</div>
	);
}
