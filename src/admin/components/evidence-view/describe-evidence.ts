/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type {
	CallContext,
	CallSource,
	EvidenceCall,
	EvidenceLog,
	HtaccessChain,
	HtaccessFlagReason,
} from '../../../api/types';

/** Bounds of `POST /evidence-sessions` `minutes`, as `Evidence_Session` enforces them. */
export const MIN_MINUTES = 1;
export const MAX_MINUTES = 1440;
export const DEFAULT_MINUTES = 15;

/**
 * Why a typed session length is not acceptable, or null when it is.
 *
 * @param value The field's text.
 */
export function checkMinutes( value: string ): string | null {
	const text = value.trim();
	if (
		! /^\d{1,5}$/.test( text ) ||
		Number( text ) < MIN_MINUTES ||
		Number( text ) > MAX_MINUTES
	) {
		return sprintf(
			/* translators: 1: smallest number of minutes. 2: largest number of minutes (24 hours). */
			__(
				'Enter a whole number of minutes from %1$d to %2$d (24 hours).',
				'proxy-health'
			),
			MIN_MINUTES,
			MAX_MINUTES
		);
	}
	return null;
}

/**
 * Time left as `h:mm:ss` or `m:ss`.
 *
 * @param milliseconds Time left; below zero counts as zero.
 */
export function formatCountdown( milliseconds: number ): string {
	const total = Math.max( 0, Math.ceil( milliseconds / 1000 ) );
	const hours = Math.floor( total / 3600 );
	const minutes = Math.floor( ( total % 3600 ) / 60 );
	const seconds = String( total % 60 ).padStart( 2, '0' );
	return hours > 0
		? `${ hours }:${ String( minutes ).padStart( 2, '0' ) }:${ seconds }`
		: `${ minutes }:${ seconds }`;
}

/**
 * Who made a call, in words.
 *
 * @param source The call's source.
 */
export function describeSource( source: CallSource ): string {
	switch ( source.type ) {
		case 'plugin':
			return sprintf(
				/* translators: %s: plugin folder, e.g. akismet. */
				__( 'Plugin: %s', 'proxy-health' ),
				source.slug
			);
		case 'theme':
			return sprintf(
				/* translators: %s: theme folder, e.g. twentytwentyfour. */
				__( 'Theme: %s', 'proxy-health' ),
				source.slug
			);
		case 'mu-plugin':
			return sprintf(
				/* translators: %s: must-use plugin, e.g. corp-proxy. */
				__( 'Must-use plugin: %s', 'proxy-health' ),
				source.slug
			);
		case 'core':
			return sprintf(
				/* translators: %s: WordPress function that made the call, e.g. wp_version_check. */
				__( 'WordPress core: %s', 'proxy-health' ),
				source.slug
			);
	}
}

/**
 * Where in WordPress a call was made.
 *
 * @param context The request context.
 */
export function describeContext( context: CallContext ): string {
	switch ( context ) {
		case 'cron':
			return __( 'Cron', 'proxy-health' );
		case 'admin':
			return __( 'Admin', 'proxy-health' );
		case 'rest':
			return __( 'REST API', 'proxy-health' );
		case 'front':
			return __( 'Front end', 'proxy-health' );
		case 'cli':
			return __( 'WP-CLI', 'proxy-health' );
	}
}

/**
 * The status column of a call: HTTP status and CONNECT code, as far as known.
 *
 * @param call A recorded call.
 */
export function describeCallStatus( call: EvidenceCall ): string {
	const parts: string[] = [];
	if ( call.connectStatus !== undefined ) {
		parts.push(
			sprintf(
				/* translators: %d: status of the proxy's answer to CONNECT, e.g. 407. */
				__( 'CONNECT %d', 'proxy-health' ),
				call.connectStatus
			)
		);
	}
	if ( call.httpStatus !== undefined ) {
		parts.push(
			sprintf(
				/* translators: %d: HTTP status code, e.g. 200. */
				__( 'HTTP %d', 'proxy-health' ),
				call.httpStatus
			)
		);
	}
	return parts.length > 0 ? parts.join( ' · ' ) : '—';
}

/**
 * Why a log has no lines.
 *
 * @param skipped The reason code.
 */
export function describeSkippedLog(
	skipped: NonNullable< EvidenceLog[ 'skipped' ] >
): string {
	switch ( skipped ) {
		case 'outside_allowed_roots':
			return __(
				'Not read: the file is outside the folders Proxy Health may read.',
				'proxy-health'
			);
		case 'missing':
			return __(
				'Not read: the file does not exist (yet).',
				'proxy-health'
			);
		case 'unreadable':
			return __(
				'Not read: PHP may not read this file (permissions).',
				'proxy-health'
			);
	}
}

/**
 * An entry point of the redirect audit.
 *
 * @param entryPoint Entry point code.
 */
export function describeEntryPoint(
	entryPoint: HtaccessChain[ 'entryPoint' ]
): string {
	switch ( entryPoint ) {
		case 'home':
			return __( 'Home page', 'proxy-health' );
		case 'robots':
			return __( 'robots.txt', 'proxy-health' );
		case 'sitemap':
			return __( 'Sitemap', 'proxy-health' );
	}
}

/**
 * Why a redirect hop is flagged.
 *
 * @param reason Flag reason code.
 */
export function describeFlag( reason: HtaccessFlagReason ): string {
	switch ( reason ) {
		case 'other_host':
			return __( 'Redirects to another host', 'proxy-health' );
		case 'loop':
			return __( 'Redirect loop', 'proxy-health' );
		case 'auth_required':
			return __(
				'Answers 401 or 407 (asks for a login or proxy credentials)',
				'proxy-health'
			);
	}
}
