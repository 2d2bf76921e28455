/**
 * WordPress dependencies
 */
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { TimingsMs } from '../../../api/types';

export interface TimingWaterfallProps {
	/** cURL's timings for one request: each one counted from the start of the request. */
	timings: TimingsMs;
	/** Longest total in the table, so that bars of different requests share one scale. */
	scaleMs: number;
}

interface Phase {
	key: 'dns' | 'connect' | 'tls' | 'wait' | 'transfer';
	label: string;
	from: number;
	to: number;
}

const WIDTH = 120;
const HEIGHT = 10;

/**
 * Splits cURL's cumulative timings into consecutive phases: DNS, connect, TLS, waiting for the
 * first byte, transfer. A phase cURL did not report (no TLS on plain HTTP) is left out.
 *
 * @param timings cURL timings in ms, each from the start of the request.
 */
export function phasesOf( timings: TimingsMs ): Phase[] {
	const dns = timings.dns ?? 0;
	const connect = Math.max( timings.connect ?? dns, dns );
	const tls =
		timings.tls && timings.tls > 0
			? Math.max( timings.tls, connect )
			: connect;
	const firstByte = Math.max( timings.firstByte ?? tls, tls );
	const total = Math.max( timings.total, firstByte );
	const phases: Phase[] = [
		{ key: 'dns', label: __( 'DNS', 'proxy-health' ), from: 0, to: dns },
		{
			key: 'connect',
			label: __( 'Connect', 'proxy-health' ),
			from: dns,
			to: connect,
		},
		{
			key: 'tls',
			label: __( 'TLS', 'proxy-health' ),
			from: connect,
			to: tls,
		},
		{
			key: 'wait',
			label: __( 'Waiting for the first byte', 'proxy-health' ),
			from: tls,
			to: firstByte,
		},
		{
			key: 'transfer',
			label: __( 'Transfer', 'proxy-health' ),
			from: firstByte,
			to: total,
		},
	];
	return phases.filter( ( phase ) => phase.to > phase.from );
}

/**
 * A small bar per request showing where its time went, with the same facts in words for
 * screen readers (the label, not text content, so the cell still reads as its total).
 *
 * @param props         Timings and the shared scale.
 * @param props.timings
 * @param props.scaleMs
 */
export default function TimingWaterfall( {
	timings,
	scaleMs,
}: TimingWaterfallProps ) {
	const phases = phasesOf( timings );
	const scale = scaleMs > 0 ? WIDTH / scaleMs : 0;
	const words = phases
		.map( ( phase ) =>
			sprintf(
				/* translators: 1: name of a phase of a request, 2: its duration in milliseconds. */
				__( '%1$s %2$d ms', 'proxy-health' ),
				phase.label,
				Math.round( phase.to - phase.from )
			)
		)
		.join( ', ' );
	return (
		<svg
			className="proxy-health-waterfall"
			width={ WIDTH }
			height={ HEIGHT }
			viewBox={ `0 0 ${ WIDTH } ${ HEIGHT }` }
			role="img"
			aria-label={ words || __( 'No timings reported', 'proxy-health' ) }
		>
			{ phases.map( ( phase ) => (
				<rect
					key={ phase.key }
					className={ `proxy-health-waterfall__${ phase.key }` }
					x={ phase.from * scale }
					y={ 0 }
					width={ Math.max( ( phase.to - phase.from ) * scale, 1 ) }
					height={ HEIGHT }
				/>
			) ) }
		</svg>
	);
}
