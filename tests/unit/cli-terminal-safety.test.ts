/**
 * @jest-environment node
 */

/**
 * What the CLI prints about a site it does not control: control characters a hostile site puts
 * in its answers reach the terminal as inert text, and a plain http:// site URL is flagged
 * before its Application Password is sent. The site here is a stand-in transport (an in-process
 * function), because the point is what the CLI does with hostile text, which no real
 * WordPress site would send.
 */

/**
 * Internal dependencies
 */
import { runCheckCommand } from '../../src/cli/commands/check';
import type { CliIo } from '../../src/cli/lib/io';
import {
	cleartextWarning,
	sendsPasswordInClear,
} from '../../src/cli/lib/sites-file';
import {
	neutraliseControls,
	terminalSafe,
} from '../../src/cli/lib/terminal-safe';

/** Retitles the window, erases the line, and C1 CSI "cursor up": all a terminal would obey. */
const HOSTILE = 'bad\u001b]0;owned\u0007 \u001b[2K\rall good \u009b1A\u007f';

/** A Node-like stream that keeps what was written. */
function recordingStream() {
	const chunks: string[] = [];
	const drains: Array< () => void > = [];
	return {
		chunks,
		drains,
		isTTY: true,
		columns: 100,
		write( chunk: string ) {
			chunks.push( chunk );
			return true;
		},
		once( _event: 'drain', listener: () => void ) {
			drains.push( listener );
			return this;
		},
	};
}

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe( 'terminal safety', () => {
	it( 'spells out every control character but tab and line feed', () => {
		const safe = neutraliseControls( `${ HOSTILE }\tand\nmore` );
		expect( safe ).not.toMatch( CONTROL );
		expect( safe ).toBe(
			'bad\\u001b]0;owned\\u0007 \\u001b[2K\\u000dall good \\u009b1A\\u007f\tand\nmore'
		);
	} );

	it( 'keeps JSON valid and equal to what the site sent', () => {
		// JSON.stringify escapes C0 itself but leaves DEL and C1 raw.
		const json = JSON.stringify( { title: HOSTILE } );
		expect( json ).toMatch( CONTROL );
		const safe = neutraliseControls( json );
		expect( safe ).not.toMatch( CONTROL );
		expect( JSON.parse( safe ) ).toEqual( { title: HOSTILE } );
	} );

	it( 'filters writes, passes the CLI’s own cursor control and backpressure through', () => {
		const raw = recordingStream();
		const stream = terminalSafe( raw );
		stream.write( HOSTILE );
		stream.writeControl( '\r\u001b[2K' );
		const drained = jest.fn();
		stream.once( 'drain', drained );
		raw.drains.forEach( ( listener ) => listener() );
		expect( raw.chunks[ 0 ] ).not.toMatch( CONTROL );
		expect( raw.chunks[ 1 ] ).toBe( '\r\u001b[2K' );
		expect( drained ).toHaveBeenCalledTimes( 1 );
		expect( stream.isTTY ).toBe( true );
		expect( stream.columns ).toBe( 100 );
	} );

	it( 'prints a hostile site’s error message as inert text', async () => {
		const stdout = recordingStream();
		const stderr = recordingStream();
		const io: CliIo = {
			stdout: terminalSafe( stdout ),
			stderr: terminalSafe( stderr ),
			env: { PROXY_HEALTH_APP_PASSWORD: 'app pass word 1234' },
			cwd: process.cwd(),
		};
		await runCheckCommand(
			{
				url: 'https://hostile.test',
				user: 'admin',
				format: 'table',
				timeoutMs: 1000,
				retries: 0,
				check: {
					transportFor: () => () =>
						Promise.reject( {
							code: 'rest_forbidden',
							message: HOSTILE,
							data: { status: 403 },
						} ),
				},
			},
			io
		);
		const printed = stdout.chunks.join( '' ) + stderr.chunks.join( '' );
		expect( printed ).toContain( 'owned' );
		expect( printed ).not.toMatch( CONTROL );
	} );
} );

describe( 'plain http:// site URLs', () => {
	it.each( [
		[ 'http://shop.example', true ],
		[ 'http://10.0.0.5:8080', true ],
		[ 'https://shop.example', false ],
		[ 'http://localhost:8080', false ],
		[ 'http://wp.localhost', false ],
		[ 'http://127.0.0.2:8080', false ],
		[ 'http://[::1]:8080', false ],
	] )( '%s sends the password in clear: %s', ( url, clear ) => {
		expect( sendsPasswordInClear( url ) ).toBe( clear );
	} );

	it( 'names the one site, or counts them', () => {
		expect( cleartextWarning( [ 'https://a.example' ] ) ).toBeUndefined();
		expect( cleartextWarning( [ 'http://a.example' ] ) ).toMatch(
			/^Warning: http:\/\/a\.example uses http:\/\/, so the Application Password crosses the network unencrypted/
		);
		expect(
			cleartextWarning( [
				'https://a.example',
				'http://b.example',
				'http://c.example',
			] )
		).toMatch(
			/^Warning: 2 sites, e\.g\. http:\/\/b\.example uses http:\/\//
		);
	} );

	it( '`check` warns before the first request, and not for https://', async () => {
		for ( const [ url, warned ] of [
			[ 'http://shop.example', true ],
			[ 'https://shop.example', false ],
		] as const ) {
			const order: string[] = [];
			const io: CliIo = {
				stdout: { write: () => true },
				stderr: {
					write: ( chunk: string ) =>
						order.push( `stderr:${ chunk }` ),
				},
				env: { PROXY_HEALTH_APP_PASSWORD: 'app pass word 1234' },
				cwd: process.cwd(),
			};
			await runCheckCommand(
				{
					url,
					user: 'admin',
					format: 'json',
					timeoutMs: 1000,
					retries: 0,
					check: {
						transportFor: () => ( request ) => {
							order.push( `request:${ request.path }` );
							return Promise.reject( new Error( 'offline' ) );
						},
					},
				},
				io
			);
			const first = order[ 0 ] ?? '';
			expect( first.startsWith( 'stderr:Warning:' ) ).toBe( warned );
			expect(
				order.some( ( entry ) => entry.startsWith( 'request:' ) )
			).toBe( true );
		}
	} );
} );
