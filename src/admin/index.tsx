/**
 * WordPress dependencies
 */
import { createRoot } from '@wordpress/element';

/**
 * Internal dependencies
 */
import App from './components/app';
import './index.scss';

/** Printed by `Admin_Page::render()`; the script is enqueued in the footer, after it. */
const ROOT_ID = 'proxy-health-root';

const container = document.getElementById( ROOT_ID );
if ( container ) {
	createRoot( container ).render( <App /> );
}
