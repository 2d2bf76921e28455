/**
 * Loads `proxy-health lab` on demand. The lab runs a WordPress from the repository's `plugin/`
 * folder with the WordPress builds and Playground packages, which are development
 * dependencies: an install with `--omit=dev` has none of them, and every other command must
 * still work there. So the lab is imported only when asked for, after checking it can run.
 */

/**
 * External dependencies
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Internal dependencies
 */
import type { runLabCommand } from '../commands/lab';

/** Development dependencies the lab loads (see src/lab/). */
export const LAB_PACKAGES = [
	'tsx',
	'node-forge',
	'adm-zip',
	'@wp-playground/cli',
	'@wp-playground/wordpress-builds',
] as const;

/** Repository files the lab serves or runs from. */
const LAB_SOURCES = [ 'src/lab/scenario.ts', 'plugin/proxy-health.php' ];

/** The lab cannot run here: exit 2, naming what to install. */
export class LabUnavailableError extends Error {
	override readonly name = 'LabUnavailableError';
}

/**
 * The folder holding Proxy Health's package.json, found upwards from `from`: the checkout, or
 * `node_modules/proxy-health` in an installed copy. Works from the sources and the bundle.
 *
 * @param from Folder to start from.
 */
export function packageRoot( from: string = __dirname ): string | null {
	for ( let dir = from; ; dir = path.dirname( dir ) ) {
		const manifest = path.join( dir, 'package.json' );
		if ( existsSync( manifest ) ) {
			try {
				const { name } = JSON.parse(
					readFileSync( manifest, 'utf8' )
				) as { name?: unknown };
				if ( name === 'proxy-health' ) {
					return dir;
				}
			} catch {
				// An unreadable manifest is someone else's; keep looking upwards.
			}
		}
		if ( path.dirname( dir ) === dir ) {
			return null;
		}
	}
}

/**
 * Whether `name` is installed where Node looks from `root`: `node_modules` folders upwards.
 *
 * @param name Package name.
 * @param root Folder to resolve from.
 */
function installed( name: string, root: string ): boolean {
	for ( let dir = root; ; dir = path.dirname( dir ) ) {
		if (
			existsSync( path.join( dir, 'node_modules', name, 'package.json' ) )
		) {
			return true;
		}
		if ( path.dirname( dir ) === dir ) {
			return false;
		}
	}
}

/**
 * What the lab lacks from `root`: missing packages and repository files. Empty when it can run.
 *
 * @param root Proxy Health's package folder.
 */
export function labRequirementsMissing( root: string ): string[] {
	return [
		...LAB_PACKAGES.filter( ( name ) => ! installed( name, root ) ),
		...LAB_SOURCES.filter(
			( file ) => ! existsSync( path.join( root, file ) )
		),
	];
}

/**
 * Imports the lab command, or throws `LabUnavailableError` saying what to install.
 *
 * @param root Proxy Health's package folder (found from this file by default).
 */
export async function loadLabCommand(
	root: string | null = packageRoot()
): Promise< typeof runLabCommand > {
	const missing = root
		? labRequirementsMissing( root )
		: [ 'the proxy-health package.json' ];
	if ( missing.length > 0 ) {
		throw new LabUnavailableError(
			`the lab runs from a Proxy Health checkout with its development dependencies, and this install lacks: ${ missing.join(
				', '
			) }.\nClone the repository, run "npm install" in it (without --omit=dev), then run "npx proxy-health lab" there.`
		);
	}
	// The bundle (scripts/build-cli.mjs) swaps this import for one that loads the lab's
	// TypeScript sources through tsx: the lab finds its router, installer and plugin by path.
	const { runLabCommand: run } = await import( '../commands/lab' );
	return run;
}
