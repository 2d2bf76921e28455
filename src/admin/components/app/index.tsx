/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import Overview from '../overview';
import ViewSwitcher from '../view-switcher';
import type { PanelView } from '../view-switcher';

/**
 * The Tools → Proxy Health page: title, description, and the panel's views.
 */
export default function App() {
	// Later views (bisection, evidence, history) are appended here; tabs appear once there
	// are two.
	const views: PanelView[] = [
		{
			name: 'overview',
			title: __( 'Overview', 'proxy-health' ),
			render: () => <Overview />,
		},
	];

	return (
		<div className="proxy-health-app">
			<h1>{ __( 'Proxy Health', 'proxy-health' ) }</h1>
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
