/**
 * WordPress dependencies
 */
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import Overview from '../overview';
import type { PanelView } from '../view-switcher';

/*
 * Loaders live at module level so each view has one lazy component for the page's lifetime.
 * The chunk names fix the chunk file names (build/<name>.js), and with them the md5 in the
 * names of their translation files.
 */
const loadUrlExplainer = () =>
	import( /* webpackChunkName: "url-explainer" */ '../url-explainer' );
const loadHooksView = () =>
	import( /* webpackChunkName: "hooks-view" */ '../hooks-view' );
const loadHistoryView = () =>
	import( /* webpackChunkName: "history-view" */ '../history-view' );
const loadBisectionView = () =>
	import( /* webpackChunkName: "bisection-view" */ '../bisection-view' );
const loadEvidenceView = () =>
	import( /* webpackChunkName: "evidence-view" */ '../evidence-view' );

/**
 * The panel's views, in tab order; the first is the default. Adding a view is one entry
 * here: `{ name, title, load: () => import( '…' ) }`. Overview ships in the initial script
 * (it is what every visit needs first); the others load when opened.
 */
export function getPanelViews(): PanelView[] {
	return [
		{
			name: 'overview',
			title: __( 'Overview', 'proxy-health' ),
			render: () => <Overview />,
		},
		{
			name: 'url-explainer',
			title: __( 'URL explainer', 'proxy-health' ),
			load: loadUrlExplainer,
		},
		{
			name: 'hooks',
			title: __( 'Hooks', 'proxy-health' ),
			load: loadHooksView,
		},
		{
			name: 'history',
			title: __( 'History', 'proxy-health' ),
			load: loadHistoryView,
		},
		{
			name: 'bisection',
			title: __( 'Bisection', 'proxy-health' ),
			load: loadBisectionView,
		},
		{
			name: 'evidence',
			title: __( 'Evidence', 'proxy-health' ),
			load: loadEvidenceView,
		},
	];
}
