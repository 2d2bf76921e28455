/**
 * A one-line progress bar on stderr, only on a terminal and never in CI (logs would fill with
 * carriage returns). Elsewhere it is silent.
 */

export interface ProgressStream {
	isTTY?: boolean;
	columns?: number;
	write: ( chunk: string ) => unknown;
	/** Unfiltered writes for the CLI's own cursor control (`write` neutralises it). */
	writeControl?: ( sequence: string ) => unknown;
}

/** Carriage return and erase-line: the status line is redrawn in place. */
const CLEAR_LINE = '\r\x1b[2K';

/**
 * Moves to the start of the line and erases it.
 *
 * @param stream Terminal stream.
 */
export function clearLine( stream: ProgressStream ): void {
	if ( stream.writeControl ) {
		stream.writeControl( CLEAR_LINE );
	} else {
		stream.write( CLEAR_LINE );
	}
}

export interface Progress {
	update: ( done: number, total: number, label: string ) => void;
	finish: () => void;
}

/**
 * Whether a bar should be drawn.
 *
 * @param stream Usually process.stderr.
 * @param env    Environment (CI, TERM).
 */
export function wantsProgress(
	stream: ProgressStream,
	env: Readonly< Record< string, string | undefined > >
): boolean {
	return stream.isTTY === true && ! env.CI && env.TERM !== 'dumb';
}

/**
 * A progress bar, or a no-op when not wanted.
 *
 * @param stream  Terminal stream.
 * @param enabled Whether to draw.
 */
export function createProgress(
	stream: ProgressStream,
	enabled: boolean
): Progress {
	if ( ! enabled ) {
		return { update: () => undefined, finish: () => undefined };
	}
	let drawn = false;
	return {
		update( done, total, label ) {
			const width = 24;
			const filled =
				total === 0 ? width : Math.round( ( done / total ) * width );
			const bar = '█'.repeat( filled ) + '░'.repeat( width - filled );
			const room = Math.max( 10, ( stream.columns ?? 80 ) - width - 20 );
			const text =
				label.length > room ? `…${ label.slice( -room + 1 ) }` : label;
			clearLine( stream );
			stream.write( `${ bar } ${ done }/${ total } ${ text }` );
			drawn = true;
		},
		finish() {
			if ( drawn ) {
				clearLine( stream );
			}
		},
	};
}
