/**
 * @jest-environment node
 */

/**
 * Streaming batch reports, NDJSON, merge and shards, in-process on real files:
 * - the spooled reports are byte for byte what the whole-report renderers print, in input order
 *   whatever order the sites finish in, and stay valid JSON/XML with holes (after Ctrl-C);
 * - NDJSON lines are checked (file:line, never the line's content), a line cut short at the end
 *   is what --resume drops, a complete last line without newline is kept;
 * - `merge` of shard files gives the unsharded report; a bad line exits 2 with file:line;
 * - `--shard` splits deterministically: shards are disjoint, cover the file, and keep sizes.
 */

/**
 * External dependencies
 */
import {
	mkdtempSync,
	readFileSync,
	rmSync,
	writeFileSync,
	appendFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// Not a declared dependency: installed with @wp-playground/cli (a devDependency).
// eslint-disable-next-line import/no-extraneous-dependencies
import { XMLValidator } from 'fast-xml-parser';

/**
 * Internal dependencies
 */
import {
	REPORT_407,
	REPORT_PASS,
} from '../../src/api/test-utils/probe-reports';
import { STATUS } from '../../src/api/test-utils/fake-fetch';
import { main } from '../../src/cli/index';
import { summarise, type BatchReport } from '../../src/cli/lib/batch';
import type { SiteResult } from '../../src/cli/lib/check-site';
import type { CliIo } from '../../src/cli/lib/io';
import {
	parseNdjsonLine,
	readResumeState,
	resumeKey,
} from '../../src/cli/lib/ndjson';
import {
	createReportSink,
	STREAM_FORMATS,
} from '../../src/cli/lib/report-stream';
import { selectShard, parseShard } from '../../src/cli/lib/shard';
import {
	renderBatchTable,
	renderHtml,
	renderJson,
	renderJunit,
} from '../../src/cli/reporters';

let tmp: string;
beforeAll( () => {
	tmp = mkdtempSync( path.join( os.tmpdir(), 'proxy-health-stream-' ) );
} );
afterAll( () => rmSync( tmp, { recursive: true, force: true } ) );

function fleet( count: number ): SiteResult[] {
	return Array.from( { length: count }, ( _v, k ): SiteResult => {
		const base = {
			site: `https://site-${ k }.test/${ k % 3 === 0 ? '?a=<b>&c' : '' }`,
			user: 'admin',
			attempts: 1 + ( k % 2 ),
			durationMs: 100 + k * 37,
		};
		if ( k % 4 === 1 ) {
			return {
				...base,
				ok: false,
				verdict: 'fail',
				status: STATUS,
				report: REPORT_407,
			};
		}
		if ( k % 4 === 2 ) {
			return {
				...base,
				ok: false,
				error: {
					code: 'timeout',
					message: `No answer within 1 s \u0001 <x>`,
				},
			};
		}
		return {
			...base,
			ok: true,
			verdict: 'pass',
			status: STATUS,
			report: REPORT_PASS,
		};
	} );
}

function report( sites: SiteResult[] ): BatchReport {
	return {
		tool: 'proxy-health',
		version: '9.9.9',
		generatedAt: '2026-12-01T00:00:00.000Z',
		durationMs: 4321,
		shard: { index: 2, count: 3 },
		summary: summarise( sites ),
		sites,
	};
}

const RENDER = {
	json: renderJson,
	junit: renderJunit,
	html: renderHtml,
	table: renderBatchTable,
	ndjson: ( whole: BatchReport ) =>
		whole.sites
			.map( ( site ) => `${ JSON.stringify( site ) }\n` )
			.join( '' ),
} as const;

async function streamed(
	format: ( typeof STREAM_FORMATS )[ number ],
	sites: SiteResult[],
	order: number[],
	interrupted = false
): Promise< string > {
	const file = path.join( tmp, `out-${ format }-${ Math.random() }` );
	const sink = createReportSink( {
		format,
		destination: { file },
		version: '9.9.9',
		generatedAt: '2026-12-01T00:00:00.000Z',
		shard: { index: 2, count: 3 },
	} );
	for ( const index of order ) {
		await sink.add( sites[ index ] as SiteResult, index );
	}
	await sink.finish( { durationMs: 4321, interrupted } );
	return readFileSync( file, 'utf8' );
}

describe( 'streamed reports', () => {
	const sites = fleet( 9 );
	// Completion order is not input order.
	const order = [ 3, 0, 8, 1, 2, 7, 5, 4, 6 ];

	it.each( STREAM_FORMATS )(
		'%s: same bytes as the whole-report renderer, in input order',
		async ( format ) => {
			expect( await streamed( format, sites, order ) ).toBe(
				RENDER[ format ]( report( sites ) )
			);
		}
	);

	it.each( STREAM_FORMATS )(
		'%s: an empty report is the renderer’s empty report',
		async ( format ) => {
			expect( await streamed( format, [], [] ) ).toBe(
				RENDER[ format ]( report( [] ) )
			);
		}
	);

	it( 'after an interruption (sites missing), JSON parses and JUnit is valid XML with the checked sites', async () => {
		const done = [ 4, 2, 7 ];
		const json = JSON.parse(
			await streamed( 'json', sites, done, true )
		) as BatchReport;
		expect( json.interrupted ).toBe( true );
		expect( json.sites.map( ( site ) => site.site ) ).toEqual(
			[ 2, 4, 7 ].map( ( k ) => sites[ k ]?.site )
		);
		expect( json.summary.total ).toBe( 3 );
		const xml = await streamed( 'junit', sites, done, true );
		expect( XMLValidator.validate( xml ) ).toBe( true );
		expect( xml ).toContain( 'tests="3"' );
		expect( await streamed( 'table', sites, done, true ) ).toContain(
			'3 sites (shard 2/3): 2 passed, 0 failed, 1 could not be checked (4.3s), interrupted'
		);
	} );
} );

describe( 'NDJSON lines', () => {
	it( 'accepts what batch writes and names file:line for anything else, without quoting it', () => {
		const [ site ] = fleet( 1 );
		expect( parseNdjsonLine( JSON.stringify( site ), 'a:1' ) ).toEqual(
			site
		);
		const cases: Array< [ string, string ] > = [
			[ '{"site":"x","user":"a","ok":tru', 'r.ndjson:7: not valid JSON' ],
			[ '[1,2]', 'r.ndjson:7: not a JSON object' ],
			[
				'{"user":"a","ok":true,"attempts":1,"durationMs":1}',
				'r.ndjson:7: "site" is missing',
			],
			[
				'{"site":"s","user":"a","ok":"yes","attempts":1,"durationMs":1}',
				'r.ndjson:7: "ok" must be true or false',
			],
			[
				'{"site":"s","user":"a","ok":true,"attempts":1,"durationMs":1}',
				'r.ndjson:7: "ok" is true but there is no "report"',
			],
			[
				'{"site":"s","user":"a","ok":false,"attempts":1,"durationMs":1,"error":{"code":"timeout"}}',
				'r.ndjson:7: "error" must have a "code" and a "message"',
			],
			[
				'{"site":"s","user":"a","ok":false,"attempts":1,"durationMs":1,"report":{"verdict":"fail"}}',
				'r.ndjson:7: "report" is not a Proxy Health probe report',
			],
		];
		for ( const [ line, message ] of cases ) {
			expect( () => parseNdjsonLine( line, 'r.ndjson:7' ) ).toThrow(
				message
			);
		}
		expect( () =>
			parseNdjsonLine( '{"secret-looking":"hunter22"', 'r:1' )
		).toThrow( /^r:1: not valid JSON$/ );
	} );

	it( 'resume state: a line cut short at the end is dropped, a complete one without newline kept', () => {
		const sites = fleet( 3 );
		const lines = sites.map( ( site ) => JSON.stringify( site ) );
		const torn = path.join( tmp, 'torn.ndjson' );
		writeFileSync(
			torn,
			`${ lines[ 0 ] }\n\n${ lines[ 1 ] }\n${ lines[ 2 ]?.slice( 0, 40 ) }`
		);
		const state = readResumeState( torn, 'torn.ndjson' );
		expect( state.sites.map( ( site ) => site.site ) ).toEqual( [
			sites[ 0 ]?.site,
			sites[ 1 ]?.site,
		] );
		expect( state.tornTail ).toBe( true );
		expect( state.validBytes ).toBe(
			Buffer.byteLength( `${ lines[ 0 ] }\n\n${ lines[ 1 ] }\n` )
		);

		const whole = path.join( tmp, 'whole.ndjson' );
		writeFileSync( whole, `${ lines[ 0 ] }\n${ lines[ 1 ] }` );
		expect( readResumeState( whole, 'whole.ndjson' ) ).toMatchObject( {
			tornTail: false,
			needsNewline: true,
		} );
		expect( readResumeState( whole, 'w' ).sites ).toHaveLength( 2 );

		const broken = path.join( tmp, 'broken.ndjson' );
		writeFileSync( broken, `${ lines[ 0 ] }\nnot json\n${ lines[ 1 ] }\n` );
		expect( () => readResumeState( broken, 'broken.ndjson' ) ).toThrow(
			'broken.ndjson:2: not valid JSON'
		);
		expect(
			readResumeState( path.join( tmp, 'missing.ndjson' ), 'm' ).sites
		).toEqual( [] );
		expect( resumeKey( { site: 'https://a', user: 'x' } ) ).not.toBe(
			resumeKey( { site: 'https://a', user: 'y' } )
		);
	} );
} );

function memoryIo(): CliIo & { out: () => string; err: () => string } {
	let out = '';
	let err = '';
	return {
		stdout: { write: ( chunk: string ) => ( out += chunk ) },
		stderr: { write: ( chunk: string ) => ( err += chunk ) },
		env: {},
		cwd: tmp,
		out: () => out,
		err: () => err,
	};
}

describe( 'proxy-health merge', () => {
	const sites = fleet( 11 );

	function writeShards( count: number ): string[] {
		return Array.from( { length: count }, ( _v, i ) => {
			const file = `shard-${ i + 1 }-of-${ count }.ndjson`;
			// Reverse: a shard's lines are in completion order, not input order.
			const mine = selectShard( sites, {
				index: i + 1,
				count,
			} ).reverse();
			writeFileSync(
				path.join( tmp, file ),
				mine
					.map( ( site ) => `${ JSON.stringify( site ) }\n` )
					.join( '' )
			);
			return file;
		} );
	}

	it.each( [ 2, 3, 4 ] )(
		'%i shards merge into the unsharded run’s sites and summary',
		async ( count ) => {
			const io = memoryIo();
			const code = await main(
				[ 'merge', ...writeShards( count ), '--format', 'json' ],
				io
			);
			expect( code ).toBe( 1 );
			const merged = JSON.parse( io.out() ) as BatchReport;
			const key = ( site: SiteResult ) => JSON.stringify( site );
			expect( merged.sites.map( key ).sort() ).toEqual(
				sites.map( key ).sort()
			);
			expect( merged.summary ).toEqual( summarise( sites ) );
			expect( merged.shard ).toBeNull();
		}
	);

	it( 'writes JUnit to --output, exits 0 when every site passes, 2 on a bad line', async () => {
		const passing = sites.filter( ( site ) => site.ok );
		writeFileSync(
			path.join( tmp, 'pass.ndjson' ),
			passing.map( ( site ) => JSON.stringify( site ) ).join( '\n' )
		);
		const io = memoryIo();
		expect(
			await main(
				[
					'merge',
					'pass.ndjson',
					'--format',
					'junit',
					'--output',
					'merged/report.xml',
				],
				io
			)
		).toBe( 0 );
		const xml = readFileSync(
			path.join( tmp, 'merged', 'report.xml' ),
			'utf8'
		);
		expect( XMLValidator.validate( xml ) ).toBe( true );
		expect( xml ).toContain( `tests="${ passing.length }" failures="0"` );
		expect( io.err() ).toContain(
			`${ passing.length }/${ passing.length } sites passed (1 reports merged)`
		);

		appendFileSync(
			path.join( tmp, 'pass.ndjson' ),
			'\n{"site":"https://x.test","user":"a","ok":true}\n'
		);
		const bad = memoryIo();
		expect(
			await main(
				[ 'merge', 'pass.ndjson', '--output', 'never.txt' ],
				bad
			)
		).toBe( 2 );
		expect( bad.err() ).toContain(
			`pass.ndjson:${ passing.length + 1 }: "attempts" and "durationMs" must be numbers`
		);
		expect( () => readFileSync( path.join( tmp, 'never.txt' ) ) ).toThrow();

		const missing = memoryIo();
		expect( await main( [ 'merge', 'nope.ndjson' ], missing ) ).toBe( 2 );
		expect( missing.err() ).toContain(
			'nope.ndjson: cannot read the file (ENOENT)'
		);
		expect( await main( [ 'merge' ], memoryIo() ) ).toBe( 2 );
		expect(
			await main(
				[ 'merge', 'pass.ndjson', '--format', 'xml' ],
				memoryIo()
			)
		).toBe( 2 );
	} );
} );

describe( '--shard', () => {
	it( 'splits deterministically into disjoint shards that cover the file, sizes within one', () => {
		const items = Array.from( { length: 103 }, ( _v, k ) => k );
		for ( const count of [ 1, 2, 3, 4, 7, 200 ] ) {
			const shards = Array.from( { length: count }, ( _v, i ) =>
				selectShard( items, { index: i + 1, count } )
			);
			expect( shards.flat().sort( ( a, b ) => a - b ) ).toEqual( items );
			const sizes = shards.map( ( shard ) => shard.length );
			expect(
				Math.max( ...sizes ) - Math.min( ...sizes )
			).toBeLessThanOrEqual( 1 );
			// Same input, same split.
			expect( selectShard( items, { index: 1, count } ) ).toEqual(
				shards[ 0 ]
			);
		}
		expect( parseShard( ' 3/4 ' ) ).toEqual( { index: 3, count: 4 } );
		for ( const bad of [ '0/2', '3/2', '1/0', 'a/b', '1', '-1/2' ] ) {
			expect( () => parseShard( bad ) ).toThrow( '--shard must be i/n' );
		}
	} );
} );
