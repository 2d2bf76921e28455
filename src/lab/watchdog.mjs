/**
 * Stops the lab's process groups when the Node process that started them dies, however it
 * dies (an uncaught error, SIGKILL, a CI timeout): that process holds this one's stdin open,
 * and the kernel closes it when the process is gone.
 *
 * Protocol on stdin, one line each: "add <pgid>" or "remove <pgid>".
 * Started by processes.ts; plain JavaScript so Node runs it without a loader.
 */

const groups = new Set();
let buffered = '';

function signal( pgid, name ) {
	try {
		process.kill( -pgid, name );
	} catch {
		// Already gone.
	}
}

process.stdin.setEncoding( 'utf8' );
process.stdin.on( 'data', ( chunk ) => {
	buffered += chunk;
	const lines = buffered.split( '\n' );
	buffered = lines.pop() ?? '';
	for ( const line of lines ) {
		const [ verb, id ] = line.trim().split( ' ' );
		const pgid = Number( id );
		if ( ! Number.isInteger( pgid ) || pgid <= 1 ) {
			continue;
		}
		if ( verb === 'add' ) {
			groups.add( pgid );
		} else if ( verb === 'remove' ) {
			groups.delete( pgid );
		}
	}
} );
process.stdin.on( 'end', () => {
	if ( groups.size === 0 ) {
		process.exit( 0 );
	}
	for ( const pgid of groups ) {
		signal( pgid, 'SIGTERM' );
	}
	setTimeout( () => {
		for ( const pgid of groups ) {
			signal( pgid, 'SIGKILL' );
		}
		process.exit( 0 );
	}, 3000 );
} );
// Ctrl-C reaches the whole foreground group; this process must outlive its parent to act.
process.on( 'SIGINT', () => {} );
process.on( 'SIGHUP', () => {} );
