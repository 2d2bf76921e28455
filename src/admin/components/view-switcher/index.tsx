/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/**
 * WordPress dependencies
 */
import { TabPanel } from '@wordpress/components';

/** One view of the panel (Overview, later Bisection, Evidence, History). */
export interface PanelView {
	/** Stable identifier, used as the tab name. */
	name: string;
	/** Translated tab title. */
	title: string;
	/** Renders the view's content. */
	render: () => ReactNode;
}

export interface ViewSwitcherProps {
	/** The views, in tab order. */
	views: PanelView[];
}

/**
 * Shows the panel's views: a single view as is, several as tabs.
 *
 * @param props       Component props.
 * @param props.views The views, in tab order.
 */
export default function ViewSwitcher( { views }: ViewSwitcherProps ) {
	const [ only ] = views;
	if ( views.length === 1 && only ) {
		return <>{ only.render() }</>;
	}
	return (
		<TabPanel
			className="proxy-health-views"
			tabs={ views.map( ( { name, title } ) => ( { name, title } ) ) }
		>
			{ ( tab ) =>
				views.find( ( view ) => view.name === tab.name )?.render()
			}
		</TabPanel>
	);
}
