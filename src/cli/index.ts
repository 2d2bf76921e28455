/**
 * `proxy-health`: parses the command line, calls a command and exits with its code.
 * Nothing else lives here: the work is in `commands/` and `lib/`, rendering in `reporters/`.
 *
 * Exit codes: 0 all pass, 1 any failure, 2 usage or input error.
 */

/**
 * External dependencies
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Internal dependencies
 */
import { runBatchCommand } from './commands/batch';
import { runBisectCommand } from './commands/bisect';
import { runCheckCommand } from './commands/check';
import { runExplainCommand } from './commands/explain';
import type { LabCommandOptions } from './commands/lab';
import { runMergeCommand } from './commands/merge';
import { runScanCommand } from './commands/scan';
import {
	COMMAND_HELP,
	COMMANDS,
	TOOL_HELP,
	type CommandName,
} from './lib/help';
import {
	EXIT_OK,
	EXIT_USAGE,
	processIo,
	UsageError,
	type CliIo,
} from './lib/io';
import { LabUnavailableError, loadLabCommand } from './lib/lab-loader';
import { LAB_SCENARIOS } from './lib/lab-scenarios';
import { PLAYGROUND_PHP_VERSIONS } from '../lab/runtimes/php-versions';
import { WORDPRESS_VERSIONS } from '../lab/wordpress/versions';
import { STREAM_FORMATS } from './lib/report-stream';
import { parseShard, ShardError } from './lib/shard';

type Options = NonNullable< ParseArgsConfig[ 'options' ] >;

const HELP: Options = { help: { type: 'boolean', short: 'h' } };

const SPECS: Record<
	CommandName,
	{ options: Options; positionals: [ number, number ] }
> = {
	check: {
		options: {
			...HELP,
			user: { type: 'string' },
			format: { type: 'string', default: 'table' },
			timeout: { type: 'string', default: '60' },
			retries: { type: 'string', default: '2' },
		},
		positionals: [ 1, 1 ],
	},
	batch: {
		options: {
			...HELP,
			credentials: { type: 'string' },
			concurrency: { type: 'string', default: '8' },
			timeout: { type: 'string', default: '60' },
			retries: { type: 'string', default: '2' },
			shard: { type: 'string' },
			// No default here: --resume implies ndjson, any other run table.
			format: { type: 'string' },
			output: { type: 'string' },
			resume: { type: 'string' },
			quiet: { type: 'boolean', default: false },
		},
		positionals: [ 1, 1 ],
	},
	merge: {
		options: {
			...HELP,
			format: { type: 'string', default: 'table' },
			output: { type: 'string' },
		},
		positionals: [ 1, Number.POSITIVE_INFINITY ],
	},
	scan: {
		options: {
			...HELP,
			format: { type: 'string', default: 'table' },
			theme: { type: 'string' },
		},
		positionals: [ 1, 1 ],
	},
	explain: {
		options: {
			...HELP,
			config: { type: 'string' },
			'site-url': { type: 'string' },
			format: { type: 'string', default: 'table' },
		},
		positionals: [ 1, 1 ],
	},
	lab: {
		options: {
			...HELP,
			runtime: { type: 'string', default: 'php' },
			proxy: { type: 'string', default: 'basic' },
			engine: { type: 'string', default: 'auto' },
			// No default here: the lab's own (PROXY_HEALTH_WP, else 7.1) applies.
			wp: { type: 'string' },
			db: { type: 'string', default: 'sqlite' },
			php: { type: 'string' },
			'state-dir': { type: 'string' },
		},
		positionals: [ 0, 1 ],
	},
	bisect: {
		options: {
			...HELP,
			site: { type: 'string' },
			user: { type: 'string' },
			mode: { type: 'string', default: 'ddmin' },
			driver: { type: 'string', default: 'auto' },
			clone: { type: 'string', default: 'light' },
			format: { type: 'string', default: 'table' },
			timeout: { type: 'string', default: '180' },
			'suspects-from': { type: 'string' },
			'include-theme': { type: 'boolean' },
		},
		positionals: [ 0, 0 ],
	},
};

export function cliVersion(): string {
	try {
		const pkg = JSON.parse(
			readFileSync(
				path.join( __dirname, '..', '..', 'package.json' ),
				'utf8'
			)
		) as { version?: string };
		return pkg.version ?? '0.0.0';
	} catch {
		return '0.0.0';
	}
}

function oneOf< T extends string >(
	value: unknown,
	allowed: readonly T[],
	flag: string,
	command: CommandName
): T {
	if (
		typeof value === 'string' &&
		( allowed as readonly string[] ).includes( value )
	) {
		return value as T;
	}
	throw new UsageError(
		`${ flag } must be one of ${ allowed.join( ', ' ) } (got "${ String( value ) }").`,
		command
	);
}

function integer(
	value: unknown,
	flag: string,
	command: CommandName,
	min: number,
	max: number
): number {
	const number = Number( value );
	if (
		typeof value !== 'string' ||
		! /^\d+$/.test( value ) ||
		number < min ||
		number > max
	) {
		throw new UsageError(
			`${ flag } must be a whole number from ${ min } to ${ max } (got "${ String( value ) }").`,
			command
		);
	}
	return number;
}

function seconds( value: unknown, command: CommandName ): number {
	const number = Number( value );
	if (
		typeof value !== 'string' ||
		! /^\d+(\.\d+)?$/.test( value ) ||
		number <= 0 ||
		number > 3600
	) {
		throw new UsageError(
			`--timeout must be a number of seconds above 0, at most 3600 (got "${ String( value ) }").`,
			command
		);
	}
	return Math.round( number * 1000 );
}

function required(
	value: unknown,
	flag: string,
	command: CommandName
): string {
	if ( typeof value !== 'string' || value === '' ) {
		throw new UsageError( `${ flag } is required.`, command );
	}
	return value;
}

/**
 * The closest command name, for "did you mean".
 * @param word
 */
function suggest( word: string ): string | undefined {
	return COMMANDS.find(
		( name ) =>
			name.startsWith( word.slice( 0, 2 ) ) || word.startsWith( name )
	);
}

/**
 * Runs the CLI.
 *
 * @param argv Arguments after the program name.
 * @param io   Streams and environment.
 * @return The exit code.
 */
export async function main(
	argv: readonly string[],
	io: CliIo = processIo()
): Promise< number > {
	const [ first, ...rest ] = argv;
	if ( first === undefined ) {
		io.stderr.write( TOOL_HELP );
		return EXIT_USAGE;
	}
	if ( first === '--help' || first === '-h' || first === 'help' ) {
		const topic = rest[ 0 ];
		io.stdout.write(
			topic && ( COMMANDS as readonly string[] ).includes( topic )
				? COMMAND_HELP[ topic as CommandName ]
				: TOOL_HELP
		);
		return EXIT_OK;
	}
	if ( first === '--version' || first === '-v' ) {
		io.stdout.write( `${ cliVersion() }\n` );
		return EXIT_OK;
	}
	if ( ! ( COMMANDS as readonly string[] ).includes( first ) ) {
		const guess = first.startsWith( '-' ) ? undefined : suggest( first );
		io.stderr.write(
			`proxy-health: unknown ${ first.startsWith( '-' ) ? 'option' : 'command' } "${ first }".${
				guess ? ` Did you mean "${ guess }"?` : ''
			}\nRun "proxy-health --help" for the commands.\n`
		);
		return EXIT_USAGE;
	}
	const command = first as CommandName;
	try {
		return await run( command, rest, io );
	} catch ( error ) {
		if ( error instanceof UsageError ) {
			io.stderr.write(
				`proxy-health ${ command }: ${ error.message }\nRun "proxy-health ${ command } --help" for usage.\n`
			);
			return EXIT_USAGE;
		}
		if ( error instanceof LabUnavailableError ) {
			io.stderr.write(
				`proxy-health ${ command }: ${ error.message }\n`
			);
			return EXIT_USAGE;
		}
		io.stderr.write(
			`proxy-health ${ command }: ${ ( error as Error ).message }\n`
		);
		return 1;
	}
}

async function run(
	command: CommandName,
	args: readonly string[],
	io: CliIo
): Promise< number > {
	const spec = SPECS[ command ];
	let parsed;
	try {
		parsed = parseArgs( {
			args: [ ...args ],
			options: spec.options,
			strict: true,
			allowPositionals: true,
		} );
	} catch ( error ) {
		// Node's messages name the flag ("Unknown option '--foo'"); keep only the first sentence.
		throw new UsageError(
			( error as Error ).message.split( '. ' )[ 0 ] ??
				'invalid arguments',
			command
		);
	}
	const { values, positionals } = parsed;
	if ( values.help ) {
		io.stdout.write( COMMAND_HELP[ command ] );
		return EXIT_OK;
	}
	const [ min, max ] = spec.positionals;
	if ( positionals.length < min ) {
		throw new UsageError( 'a required argument is missing.', command );
	}
	if ( positionals.length > max ) {
		throw new UsageError(
			`unexpected argument "${ positionals[ max ] }".`,
			command
		);
	}
	const [ positional ] = positionals;

	switch ( command ) {
		case 'bisect':
			return runBisectCommand(
				{
					site: required( values.site, '--site', command ),
					user: required( values.user, '--user', command ),
					mode: oneOf(
						values.mode,
						[ 'ddmin', 'one-by-one' ] as const,
						'--mode',
						command
					),
					driver: oneOf(
						values.driver,
						[ 'auto', 'server', 'client' ] as const,
						'--driver',
						command
					),
					clone: oneOf(
						values.clone,
						[ 'light', 'full' ] as const,
						'--clone',
						command
					),
					format: oneOf(
						values.format,
						[ 'table', 'json' ] as const,
						'--format',
						command
					),
					timeoutMs: seconds( values.timeout, command ),
					...( typeof values[ 'suspects-from' ] === 'string'
						? { suspectsFrom: values[ 'suspects-from' ] }
						: {} ),
					includeTheme: values[ 'include-theme' ] === true,
				},
				io
			);
		case 'check':
			return runCheckCommand(
				{
					url: positional as string,
					user: required( values.user, '--user', command ),
					format: oneOf(
						values.format,
						[ 'table', 'json' ] as const,
						'--format',
						command
					),
					timeoutMs: seconds( values.timeout, command ),
					retries: integer(
						values.retries,
						'--retries',
						command,
						0,
						10
					),
				},
				io
			);
		case 'batch': {
			let shard = null;
			if ( typeof values.shard === 'string' ) {
				try {
					shard = parseShard( values.shard );
				} catch ( error ) {
					throw new UsageError(
						( error as ShardError ).message,
						command
					);
				}
			}
			return runBatchCommand(
				{
					sitesFile: positional as string,
					...( typeof values.credentials === 'string'
						? { credentialsFile: values.credentials }
						: {} ),
					concurrency: integer(
						values.concurrency,
						'--concurrency',
						command,
						1,
						256
					),
					timeoutMs: seconds( values.timeout, command ),
					retries: integer(
						values.retries,
						'--retries',
						command,
						0,
						10
					),
					shard,
					format: oneOf(
						values.format ??
							( typeof values.resume === 'string'
								? 'ndjson'
								: 'table' ),
						STREAM_FORMATS,
						'--format',
						command
					),
					...( typeof values.output === 'string'
						? { output: values.output }
						: {} ),
					...( typeof values.resume === 'string'
						? {
								resume: required(
									values.resume,
									'--resume',
									command
								),
							}
						: {} ),
					quiet: values.quiet === true,
					version: cliVersion(),
				},
				io
			);
		}
		case 'merge':
			return runMergeCommand(
				{
					files: positionals,
					format: oneOf(
						values.format,
						STREAM_FORMATS,
						'--format',
						command
					),
					...( typeof values.output === 'string'
						? { output: values.output }
						: {} ),
					version: cliVersion(),
				},
				io
			);
		case 'scan':
			return runScanCommand(
				{
					root: positional as string,
					format: oneOf(
						values.format,
						[ 'table', 'json' ] as const,
						'--format',
						command
					),
					...( typeof values.theme === 'string'
						? { theme: values.theme }
						: {} ),
				},
				io
			);
		case 'explain':
			return runExplainCommand(
				{
					url: positional as string,
					config: required( values.config, '--config', command ),
					...( typeof values[ 'site-url' ] === 'string'
						? { siteUrl: values[ 'site-url' ] }
						: {} ),
					format: oneOf(
						values.format,
						[ 'table', 'json' ] as const,
						'--format',
						command
					),
				},
				io
			);
		case 'lab': {
			// Validate first, so a usage error never waits for the lab to load.
			if (
				typeof values.php === 'string' &&
				values.runtime !== 'playground'
			) {
				throw new UsageError(
					'--php needs --runtime playground (the php runtime uses the php on the PATH).',
					command
				);
			}
			const labOptions: LabCommandOptions = {
				scenario: oneOf(
					positional ?? 'wrong-credentials',
					LAB_SCENARIOS,
					'scenario',
					command
				),
				runtime: oneOf(
					values.runtime,
					[ 'php', 'playground' ] as const,
					'--runtime',
					command
				),
				proxy: oneOf(
					values.proxy,
					[ 'basic', 'digest', 'ntlm', 'deny', 'open' ] as const,
					'--proxy',
					command
				),
				engine: oneOf(
					values.engine,
					[ 'auto', 'squid', 'node' ] as const,
					'--engine',
					command
				),
				...( typeof values.wp === 'string'
					? {
							wp: oneOf(
								values.wp,
								WORDPRESS_VERSIONS,
								'--wp',
								command
							),
						}
					: {} ),
				db: oneOf(
					values.db,
					[ 'sqlite', 'mariadb' ] as const,
					'--db',
					command
				),
				...( typeof values.php === 'string'
					? {
							php: oneOf(
								values.php,
								PLAYGROUND_PHP_VERSIONS,
								'--php',
								command
							),
						}
					: {} ),
				...( typeof values[ 'state-dir' ] === 'string'
					? { stateDir: values[ 'state-dir' ] }
					: {} ),
			};
			const runLabCommand = await loadLabCommand();
			return runLabCommand( labOptions, io );
		}
	}
}

if ( require.main === module ) {
	main( process.argv.slice( 2 ) ).then(
		( code ) => {
			process.exitCode = code;
		},
		( error: Error ) => {
			console.error( error.stack ?? error.message );
			process.exitCode = 1;
		}
	);
}
