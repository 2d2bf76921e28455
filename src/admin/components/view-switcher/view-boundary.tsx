/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/**
 * WordPress dependencies
 */
import { Notice } from '@wordpress/components';
import { Component } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

interface ViewBoundaryProps {
	children: ReactNode;
}

interface ViewBoundaryState {
	failed: boolean;
}

/**
 * Catches a view that fails to load (its script chunk blocked or missing after an update) or
 * to render, and says what to do instead of leaving the panel blank.
 */
export default class ViewBoundary extends Component<
	ViewBoundaryProps,
	ViewBoundaryState
> {
	override state: ViewBoundaryState = { failed: false };

	static getDerivedStateFromError(): ViewBoundaryState {
		return { failed: true };
	}

	override render() {
		if ( ! this.state.failed ) {
			return this.props.children;
		}
		return (
			<Notice
				className="proxy-health-view-error"
				status="error"
				isDismissible={ false }
				actions={ [
					{
						label: __( 'Reload the page', 'proxy-health' ),
						onClick: () => window.location.reload(),
						variant: 'secondary',
					},
				] }
			>
				{ __(
					'This view could not be loaded. Its script may be blocked by a firewall or security plugin, or the plugin was updated while this page was open. Reload the page; if it happens again, check the browser console.',
					'proxy-health'
				) }
			</Notice>
		);
	}
}
