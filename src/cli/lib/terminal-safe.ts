/**
 * Text from a site (diagnosis titles, error messages, plugin names) is printed by the CLI. A
 * hostile or broken site could put terminal control sequences in it: retitle the window, move
 * the cursor to hide a failure, rewrite earlier lines. Every chunk the CLI writes to its own
 * streams passes through here; the CLI's own cursor control goes through `writeControl`.
 */

/**
 * Characters a terminal acts on instead of printing: C0 controls but tab and line feed, DEL,
 * and the C1 controls (U+0080–U+009F, which some terminals read as ESC-sequences).
 */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Replaces control characters with their `\uXXXX` spelling. Inside JSON strings (the only
 * place JSON output can hold one) that spelling is the same value, so JSON stays valid and
 * parses to what the site sent; anywhere else it is visible, inert text.
 *
 * @param text Text about to be written.
 */
export function neutraliseControls( text: string ): string {
	return text.replace(
		CONTROLS,
		( control ) =>
			`\\u${ control.charCodeAt( 0 ).toString( 16 ).padStart( 4, '0' ) }`
	);
}

/** The part of a Node write stream the CLI uses. */
export interface NodeOutStream {
	write: ( chunk: string ) => boolean;
	once: ( event: 'drain', listener: () => void ) => unknown;
	isTTY?: boolean;
	columns?: number;
}

/**
 * A stream whose `write` neutralises control characters. Backpressure (`once('drain')`),
 * `isTTY` and `columns` are the stream's own.
 *
 * @param stream process.stdout or process.stderr.
 */
export function terminalSafe( stream: NodeOutStream ) {
	return {
		write: ( chunk: string ) => stream.write( neutraliseControls( chunk ) ),
		writeControl: ( sequence: string ) => stream.write( sequence ),
		once: ( event: 'drain', listener: () => void ) =>
			stream.once( event, listener ),
		get isTTY() {
			return stream.isTTY;
		},
		get columns() {
			return stream.columns;
		},
	};
}
