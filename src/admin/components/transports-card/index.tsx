/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { Transports } from '../../../api/types';
import InfoList from '../info-list';
import ReportCard from '../report-card';

export interface TransportsCardProps {
	/** Transports from `GET /status`. */
	transports: Transports;
}

function describeCurl( {
	available,
	version,
	sslVersion,
}: Transports[ 'curl' ] ) {
	if ( ! available ) {
		return __( 'Not available', 'proxy-health' );
	}
	if ( ! version ) {
		return __( 'Available', 'proxy-health' );
	}
	return sslVersion
		? sprintf(
				/* translators: 1: libcurl version, e.g. 7.88.1. 2: TLS library, e.g. OpenSSL/3.0.15. */
				__( 'Available: libcurl %1$s (%2$s)', 'proxy-health' ),
				version,
				sslVersion
			)
		: sprintf(
				/* translators: %s: libcurl version, e.g. 7.88.1. */
				__( 'Available: libcurl %s', 'proxy-health' ),
				version
			);
}

/**
 * The transports WordPress can send requests with, and the proxy authentication each can do.
 *
 * @param props            Component props.
 * @param props.transports Transports from `GET /status`.
 */
export default function TransportsCard( { transports }: TransportsCardProps ) {
	const { curl, fsockopen } = transports;
	const items = [
		{
			key: 'curl',
			label: __( 'cURL', 'proxy-health' ),
			value: describeCurl( curl ),
		},
	];
	if ( curl.available ) {
		items.push( {
			key: 'curl-auth',
			label: __( 'cURL proxy authentication', 'proxy-health' ),
			value: curl.authSchemes.join( ', ' ),
		} );
	}
	items.push( {
		key: 'fsockopen',
		label: __( 'fsockopen', 'proxy-health' ),
		value: fsockopen.available
			? __(
					'Available (Basic proxy authentication only; cannot tunnel HTTPS through a proxy)',
					'proxy-health'
				)
			: __( 'Not available', 'proxy-health' ),
	} );

	return (
		<ReportCard title={ __( 'Transports', 'proxy-health' ) }>
			<InfoList items={ items } />
		</ReportCard>
	);
}
