/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	ProxyConfig,
	ProxyConfigField,
	ProxyValueSource,
} from '../../../api/types';
import { describeProxy } from '../../utils/describe-proxy';
import ReportCard from '../report-card';

export interface ProxyConfigCardProps {
	/** The proxy configuration from `GET /status`. */
	proxy: ProxyConfig;
}

/** The constant WordPress reads for each field (mirrors `Proxy_Config::CONSTANTS`). */
const CONSTANTS: Record< ProxyConfigField, string > = {
	host: 'WP_PROXY_HOST',
	port: 'WP_PROXY_PORT',
	username: 'WP_PROXY_USERNAME',
	password: 'WP_PROXY_PASSWORD',
	bypassHosts: 'WP_PROXY_BYPASS_HOSTS',
};

function describeSource( field: ProxyConfigField, source: ProxyValueSource ) {
	return source === 'constant'
		? sprintf(
				/* translators: %s: PHP constant name, e.g. WP_PROXY_HOST. */
				__( 'Constant %s', 'proxy-health' ),
				CONSTANTS[ field ]
			)
		: sprintf(
				/* translators: %s: PHP constant name, e.g. WP_PROXY_HOST. */
				__( '%s is not defined', 'proxy-health' ),
				CONSTANTS[ field ]
			);
}

function orNotSet( value: string | null ): ReactNode {
	return value === null ? (
		<em>{ __( 'Not set', 'proxy-health' ) }</em>
	) : (
		<code>{ value }</code>
	);
}

/**
 * The outbound proxy as WordPress will use it: each value and where it came from. The
 * password is never sent to the browser; only whether one is set.
 *
 * @param props       Component props.
 * @param props.proxy The proxy configuration from `GET /status`.
 */
export default function ProxyConfigCard( { proxy }: ProxyConfigCardProps ) {
	const rows: Array< {
		field: ProxyConfigField;
		label: string;
		value: ReactNode;
	} > = [
		{
			field: 'host',
			label: __( 'Host', 'proxy-health' ),
			value: orNotSet( proxy.host ),
		},
		{
			field: 'port',
			label: __( 'Port', 'proxy-health' ),
			value: orNotSet( proxy.port ),
		},
		{
			field: 'username',
			label: __( 'Username', 'proxy-health' ),
			value: orNotSet( proxy.username ),
		},
		{
			field: 'password',
			label: __( 'Password', 'proxy-health' ),
			value: proxy.hasPassword
				? __( 'Password set', 'proxy-health' )
				: __( 'No password', 'proxy-health' ),
		},
		{
			field: 'bypassHosts',
			label: __( 'Bypass hosts', 'proxy-health' ),
			value:
				proxy.bypassHosts && proxy.bypassHosts.length > 0 ? (
					<ul className="proxy-health-proxy-config__bypass">
						{ proxy.bypassHosts.map( ( host ) => (
							<li key={ host }>
								<code>{ host }</code>
							</li>
						) ) }
					</ul>
				) : (
					<em>{ __( 'None', 'proxy-health' ) }</em>
				),
		},
	];

	return (
		<ReportCard title={ __( 'Proxy configuration', 'proxy-health' ) }>
			<p className="proxy-health-proxy-config__summary">
				{ describeProxy( proxy ) }
			</p>
			<table className="widefat striped proxy-health-proxy-config__table">
				<caption className="screen-reader-text">
					{ __( 'Proxy settings and their sources', 'proxy-health' ) }
				</caption>
				<thead>
					<tr>
						<th scope="col">{ __( 'Setting', 'proxy-health' ) }</th>
						<th scope="col">{ __( 'Value', 'proxy-health' ) }</th>
						<th scope="col">{ __( 'Source', 'proxy-health' ) }</th>
					</tr>
				</thead>
				<tbody>
					{ rows.map( ( { field, label, value } ) => (
						<tr key={ field }>
							<th scope="row">{ label }</th>
							<td>{ value }</td>
							<td>
								{ describeSource(
									field,
									proxy.sources[ field ]
								) }
							</td>
						</tr>
					) ) }
				</tbody>
			</table>
		</ReportCard>
	);
}
