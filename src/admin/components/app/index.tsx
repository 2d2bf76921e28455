/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import ExportMenu from '../export-menu';
import { getPanelViews } from '../panel-views';
import ViewSwitcher from '../view-switcher';

/**
 * The Tools → Proxy Health page: title, description, and the panel's views.
 */
export default function App() {
	// The views and their order live in panel-views; History, Bisection and Evidence join there.
	const views = getPanelViews();

	return (
		<div className="proxy-health-app">
			<div className="proxy-health-app__header">
				<h1>{ __( 'Proxy Health', 'proxy-health' ) }</h1>
				<ExportMenu />
			</div>
			<p className="proxy-health-app__description">
				{ __(
					'Checks how WordPress reaches the internet through your outbound proxy, and why requests may fail with "407 Proxy Authentication Required".',
					'proxy-health'
				) }
			</p>
			<ViewSwitcher views={ views } />
		</div>
	);
}
