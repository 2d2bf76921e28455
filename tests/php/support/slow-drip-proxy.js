/**
 * A proxy that answers at once and then drips its body: one byte every 50 ms, for at most
 * 20 seconds, then it closes. Prints its port on stdout; exits when stdin closes (its PHPUnit
 * test ends). Lab only, loopback only.
 */
const net = require( 'node:net' );

const sockets = new Set();
const server = net.createServer( ( socket ) => {
	sockets.add( socket );
	socket.on( 'close', () => sockets.delete( socket ) );
	socket.on( 'error', () => undefined );
	let head = '';
	socket.on( 'data', ( chunk ) => {
		if ( head.includes( '\r\n\r\n' ) ) {
			return;
		}
		head += chunk.toString( 'latin1' );
		if ( ! head.includes( '\r\n\r\n' ) ) {
			return;
		}
		socket.write(
			'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n'
		);
		const drip = setInterval( () => socket.write( 'x' ), 50 );
		const stop = setTimeout( () => socket.destroy(), 20_000 );
		socket.on( 'close', () => {
			clearInterval( drip );
			clearTimeout( stop );
		} );
	} );
} );

server.listen( 0, process.argv[ 2 ] || '127.0.0.2', () => {
	process.stdout.write( `${ server.address().port }\n` );
} );
process.stdin.resume();
process.stdin.on( 'end', () => {
	for ( const socket of sockets ) {
		socket.destroy();
	}
	server.close();
	process.exit( 0 );
} );
