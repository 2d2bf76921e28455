/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import { Button, Notice, Spinner } from '@wordpress/components';
import { useEffect } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	HookOwnerGroup,
	HookOwnerType,
	HooksReport,
} from '../../../api/types';
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import ColumnHeads from '../column-heads';
import ErrorNotice from '../error-notice';
import ReportCard from '../report-card';

/** Owner types in display order: what an admin can switch off first. */
const OWNER_ORDER: HookOwnerType[] = [
	'plugin',
	'mu-plugin',
	'theme',
	'drop-in',
	'core',
	'unknown',
];

/**
 * The heading of one group of owners.
 *
 * @param type Owner type.
 */
function describeOwnerType( type: HookOwnerType ): string {
	switch ( type ) {
		case 'plugin':
			return __( 'Plugins', 'proxy-health' );
		case 'mu-plugin':
			return __( 'Must-use plugins', 'proxy-health' );
		case 'theme':
			return __( 'Themes', 'proxy-health' );
		case 'drop-in':
			return __( 'Drop-ins', 'proxy-health' );
		case 'core':
			return __( 'WordPress core', 'proxy-health' );
		case 'unknown':
			return __( 'Unknown origin', 'proxy-health' );
	}
}

/**
 * The name of one owner: its slug, Proxy Health marked as itself.
 *
 * @param group Owner group.
 */
function describeOwner( group: HookOwnerGroup ): string {
	if ( group.proxyHealth ) {
		return __( 'Proxy Health (this plugin)', 'proxy-health' );
	}
	if ( group.slug !== null ) {
		return group.slug;
	}
	return group.type === 'core'
		? __( 'WordPress core', 'proxy-health' )
		: __( 'PHP built-in or unresolvable', 'proxy-health' );
}

/**
 * Whether code the admin installed (not core, not Proxy Health) touches outbound HTTP.
 *
 * @param report The hooks report.
 */
function hasThirdPartyCallbacks( report: HooksReport ): boolean {
	return report.owners.some(
		( group ) =>
			! group.proxyHealth &&
			group.type !== 'core' &&
			group.callbacks.length > 0
	);
}

/**
 * One owner's callbacks as a table: hook, priority, callback, file:line.
 *
 * @param props       Component props.
 * @param props.group Owner group.
 */
function OwnerTable( { group }: { group: HookOwnerGroup } ) {
	return (
		<div
			className="proxy-health-hooks__owner"
			data-owner-type={ group.type }
			data-owner-slug={ group.slug ?? '' }
			data-proxy-health={ group.proxyHealth ? 'true' : undefined }
		>
			<h3 className="proxy-health-hooks__owner-name">
				{ describeOwner( group ) }
			</h3>
			<table className="widefat striped proxy-health-hooks__table">
				<caption className="screen-reader-text">
					{ sprintf(
						/* translators: %s: plugin, theme or other owner, e.g. akismet. */
						__( 'HTTP hook callbacks of %s', 'proxy-health' ),
						describeOwner( group )
					) }
				</caption>
				<ColumnHeads
					columns={ [
						__( 'Hook', 'proxy-health' ),
						__( 'Priority', 'proxy-health' ),
						__( 'Callback', 'proxy-health' ),
						__( 'File', 'proxy-health' ),
					] }
				/>
				<tbody>
					{ group.callbacks.map( ( callback, index ) => (
						<tr
							key={ `${ callback.hook }-${ callback.priority }-${ index }` }
						>
							<td>
								<code>{ callback.hook }</code>
							</td>
							<td>{ callback.priority }</td>
							<td>
								<code>{ callback.callback }</code>
							</td>
							<td>
								{ callback.file === null ? (
									__( 'Unknown', 'proxy-health' )
								) : (
									<code>
										{ callback.line === null
											? callback.file
											: `${ callback.file }:${ callback.line }` }
									</code>
								) }
							</td>
						</tr>
					) ) }
				</tbody>
			</table>
		</div>
	);
}

/**
 * The Hooks view: every callback on the hooks that can change an outbound request or its
 * proxy (`GET /hooks`), grouped by the plugin, must-use plugin, theme or core file that
 * declares it, with Proxy Health's own marked.
 */
export default function HooksView() {
	const { current, run: load } = useRequest(
		( signal ) => client.getHooks( { signal } ),
		{ load: [] }
	);

	const report = current.state === 'done' ? current.data : null;
	const total = report
		? report.owners.reduce(
				( sum, group ) => sum + group.callbacks.length,
				0
			)
		: 0;

	useEffect( () => {
		if ( report ) {
			speak(
				sprintf(
					/* translators: %d: number of callbacks. */
					_n(
						'%d callback found on the HTTP hooks.',
						'%d callbacks found on the HTTP hooks.',
						total,
						'proxy-health'
					),
					total
				),
				'polite'
			);
		}
	}, [ report, total ] );

	return (
		<div
			className="proxy-health-hooks"
			aria-busy={ current.state === 'loading' }
		>
			<p className="proxy-health-hooks__intro">
				{ __(
					'Code hooked on these WordPress filters and actions can change how outbound requests are sent: their proxy, headers, credentials or TLS checks. A plugin listed here is a suspect when requests fail with 407.',
					'proxy-health'
				) }
			</p>
			<div className="proxy-health-hooks__actions">
				<Button
					variant="secondary"
					onClick={ () => load() }
					isBusy={ current.state === 'loading' }
					disabled={ current.state === 'loading' }
					__experimentalIsFocusable
					__next40pxDefaultSize
				>
					{ __( 'Refresh', 'proxy-health' ) }
				</Button>
				{ current.state === 'loading' && (
					<span className="proxy-health-overview__progress">
						<Spinner />
						{ __( 'Reading the hooks…', 'proxy-health' ) }
					</span>
				) }
			</div>
			{ current.state === 'error' && (
				<ErrorNotice
					error={ current.error }
					onRetry={ () => load() }
					summary={ __(
						'The hooks could not be read.',
						'proxy-health'
					) }
				/>
			) }
			{ report && ! hasThirdPartyCallbacks( report ) && (
				<Notice
					className="proxy-health-hooks__empty"
					status="success"
					isDismissible={ false }
				>
					{ __(
						'No plugin, must-use plugin or theme touches outbound HTTP: only WordPress core and Proxy Health have callbacks on these hooks.',
						'proxy-health'
					) }
				</Notice>
			) }
			{ report &&
				OWNER_ORDER.map( ( type ) => {
					const groups = report.owners.filter(
						( group ) =>
							group.type === type && group.callbacks.length > 0
					);
					if ( groups.length === 0 ) {
						return null;
					}
					return (
						<ReportCard
							key={ type }
							title={ describeOwnerType( type ) }
						>
							{ groups.map( ( group ) => (
								<OwnerTable
									key={ `${ group.type }:${
										group.slug ?? ''
									}:${ group.proxyHealth ? 'own' : '' }` }
									group={ group }
								/>
							) ) }
						</ReportCard>
					);
				} ) }
			{ report && (
				<p className="proxy-health-hooks__inspected">
					{ sprintf(
						/* translators: %s: comma-separated hook names, e.g. http_api_curl, http_request_args. */
						__( 'Hooks inspected: %s', 'proxy-health' ),
						report.hooks.map( ( { hook } ) => hook ).join( ', ' )
					) }
				</p>
			) }
		</div>
	);
}
