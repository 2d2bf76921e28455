/**
 * System programs the full lab needs, and how to get them on Debian or Ubuntu.
 *
 * `npm start` needs Node only (Playground + the Node proxy). The test suite and the full lab
 * also use real PHP, squid, MariaDB and Chromium, which come from the system's packages.
 */

/**
 * External dependencies
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Requirement {
	/** What the requirement is for, shown when it is missing. */
	readonly purpose: string;
	/** Debian packages that provide it. */
	readonly packages: readonly string[];
	/** True when the requirement is met on this machine. */
	readonly isMet: () => boolean;
}

const PHP_EXTENSIONS = [
	'curl',
	'sqlite3',
	'pdo_sqlite',
	'mysqli',
	'xml',
	'mbstring',
	'zip',
	'intl',
];

export const REQUIREMENTS: readonly Requirement[] = [
	{
		purpose: 'real PHP with the extensions WordPress and the probes use',
		packages: [
			'php-cli',
			'php-sqlite3',
			'php-curl',
			'php-xml',
			'php-mbstring',
			'php-zip',
			'php-intl',
			'php-mysql',
		],
		isMet: () => missingPhpExtensions().length === 0,
	},
	{
		purpose: 'PHPUnit for the PHP tests',
		packages: [ 'phpunit' ],
		isMet: () => hasCommand( 'phpunit' ),
	},
	{
		purpose:
			'squid, the authenticating proxy (Basic, Digest, NTLM, ACL deny)',
		packages: [ 'squid' ],
		isMet: () => existsSync( '/usr/sbin/squid' ),
	},
	{
		purpose: 'MariaDB for sites on MySQL',
		packages: [ 'mariadb-server' ],
		isMet: () => existsSync( '/usr/sbin/mariadbd' ),
	},
	{
		purpose: 'Chromium for the browser tests',
		packages: [ 'chromium' ],
		isMet: () => existsSync( '/usr/bin/chromium' ),
	},
	{
		// Without one, Chromium draws Japanese as empty boxes: the Japanese layout checks then
		// measure the wrong glyphs and the README's Japanese screenshots are unreadable.
		purpose: 'A Japanese font for the browser tests (IPA Gothic)',
		packages: [ 'fonts-ipafont-gothic' ],
		isMet: () =>
			existsSync( '/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf' ),
	},
	{
		purpose: 'curl for proxy checks with Digest and NTLM',
		packages: [ 'curl' ],
		isMet: () => hasCommand( 'curl' ),
	},
];

/**
 * True when an executable of that name is on the PATH.
 *
 * @param name Command name.
 */
export function hasCommand( name: string ): boolean {
	return spawnSync( 'sh', [ '-c', `command -v ${ name }` ] ).status === 0;
}

/**
 * PHP extensions the lab needs that the PHP CLI does not load (all of them when PHP is absent).
 */
export function missingPhpExtensions(): string[] {
	if ( ! hasCommand( 'php' ) ) {
		return [ ...PHP_EXTENSIONS ];
	}
	const loaded = execFileSync( 'php', [ '-m' ], { encoding: 'utf8' } )
		.split( '\n' )
		.map( ( line ) => line.trim().toLowerCase() );
	return PHP_EXTENSIONS.filter( ( ext ) => ! loaded.includes( ext ) );
}

/**
 * The requirements that are not met.
 *
 * @param requirements Requirements to check.
 */
export function unmetRequirements(
	requirements: readonly Requirement[] = REQUIREMENTS
): Requirement[] {
	return requirements.filter( ( r ) => ! r.isMet() );
}

/**
 * The apt-get command that installs the packages of the unmet requirements.
 *
 * @param unmet Unmet requirements.
 */
export function aptInstallCommand( unmet: readonly Requirement[] ): string {
	const packages = [ ...new Set( unmet.flatMap( ( r ) => r.packages ) ) ];
	return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${ packages.join(
		' '
	) }`;
}

/**
 * True when this process may install packages itself: root on Debian or Ubuntu.
 */
export function canInstallPackages(): boolean {
	return (
		process.getuid?.() === 0 &&
		existsSync( '/etc/debian_version' ) &&
		hasCommand( 'apt-get' )
	);
}

/**
 * Installs what is missing when allowed to; otherwise throws with the exact command to run.
 *
 * @param requirements Requirements to meet.
 */
export function ensureRequirements(
	requirements: readonly Requirement[] = REQUIREMENTS
): void {
	const unmet = unmetRequirements( requirements );
	if ( unmet.length === 0 ) {
		return;
	}
	const command = aptInstallCommand( unmet );
	const list = unmet.map( ( r ) => `  - ${ r.purpose }` ).join( '\n' );
	if ( ! canInstallPackages() ) {
		throw new Error(
			`Missing system packages:\n${ list }\nInstall them with:\n  sudo sh -c '${ command }'`
		);
	}
	console.log( `Installing missing system packages:\n${ list }` );
	execFileSync( 'sh', [ '-c', command ], { stdio: 'inherit' } );
	const still = unmetRequirements( requirements );
	if ( still.length > 0 ) {
		throw new Error(
			`Still missing after apt-get: ${ still
				.map( ( r ) => r.purpose )
				.join( ', ' ) }`
		);
	}
}
