/**
 * `npm run build:cli`: bundles the `proxy-health` CLI (src/cli/index.ts) into one CommonJS file,
 * dist/cli/index.cjs, which bin/proxy-health.mjs runs with production dependencies only and no
 * TypeScript loader.
 *
 * - The runtime `dependencies` stay external. Any other package the bundle reaches fails the
 *   build, because an `npm install --omit=dev` would not have it: load it lazily instead (as
 *   src/cli/lib/lab-loader.ts does for the lab).
 * - The lab is not bundled: it finds its PHP router, installer and the plugin next to its
 *   sources, so the bundle loads src/cli/commands/lab.ts through tsx from the checkout, after
 *   lab-loader.ts has checked the checkout and its development dependencies are there.
 * - The file is written beside its place and renamed, so a test starting the bin while another
 *   build runs (engineers share this tree) never reads half a file.
 *
 * Plain JavaScript, not TypeScript through tsx, so `--if-available` can speak up where tsx is
 * missing too. Usage: node scripts/build-cli.mjs [--if-available] [--metafile]
 *   --if-available  exit 0 with a note when esbuild is not installed (`prepare` in an --omit=dev install)
 *   --metafile      also write dist/cli/metafile.json (what went into the bundle, and why)
 */

import { builtinModules } from 'node:module';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'..'
);
const OUT_DIR = path.join( ROOT, 'dist', 'cli' );
const OUT_FILE = path.join( OUT_DIR, 'index.cjs' );
const LAB_IMPORTER = path.join( ROOT, 'src', 'cli', 'lib', 'lab-loader.ts' );

const args = process.argv.slice( 2 );
const manifest = JSON.parse(
	readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
);

/**
 * The esbuild target from `engines.node` (">=20.19" gives "node20.19").
 */
function nodeTarget() {
	const match = /(\d+)(?:\.(\d+))?/.exec( manifest.engines?.node ?? '' );
	if ( ! match ) {
		throw new Error( 'package.json engines.node names no version.' );
	}
	return `node${ match[ 1 ] }.${ match[ 2 ] ?? '0' }`;
}

/**
 * Package name of a bare import ("@scope/name/sub" gives "@scope/name"), or null for Node's own.
 *
 * @param {string} specifier Import path.
 */
function packageName( specifier ) {
	if (
		specifier.startsWith( 'node:' ) ||
		builtinModules.includes( specifier.split( '/' )[ 0 ] )
	) {
		return null;
	}
	const parts = specifier.split( '/' );
	return specifier.startsWith( '@' )
		? parts.slice( 0, 2 ).join( '/' )
		: parts[ 0 ];
}

/** Stands in for lab-loader.ts's `import( '../commands/lab' )`; see the header. */
const labFromSources = {
	name: 'lab-from-sources',
	setup( build ) {
		build.onResolve( { filter: /^\.\.\/commands\/lab$/ }, ( resolved ) =>
			resolved.importer === LAB_IMPORTER
				? { path: 'lab', namespace: 'lab-from-sources' }
				: undefined
		);
		build.onResolve(
			{ filter: /^tsx\//, namespace: 'lab-from-sources' },
			( resolved ) => ( { path: resolved.path, external: true } )
		);
		build.onLoad( { filter: /.*/, namespace: 'lab-from-sources' }, () => ( {
			loader: 'js',
			resolveDir: OUT_DIR,
			contents: [
				"const path = require( 'node:path' );",
				"require( 'tsx/cjs/api' ).register();",
				"module.exports = require( path.join( __dirname, '..', '..', 'src', 'cli', 'commands', 'lab.ts' ) );",
			].join( '\n' ),
		} ) );
	},
};

/** A build that must stop, with a message for the person running it (no stack). */
class BuildError extends Error {}

/**
 * Packages the bundle would `require` that are not runtime dependencies.
 *
 * @param {import('esbuild').Metafile} metafile What esbuild bundled.
 * @return {string[]} "name (imported by file)" for each.
 */
function strayPackages( metafile ) {
	const allowed = new Set( Object.keys( manifest.dependencies ?? {} ) );
	const strays = [];
	for ( const [ input, { imports } ] of Object.entries( metafile.inputs ) ) {
		if ( input.startsWith( 'lab-from-sources:' ) ) {
			continue; // Loaded only after lab-loader.ts found the development dependencies.
		}
		for ( const { path: specifier, external } of imports ) {
			const name = external ? packageName( specifier ) : null;
			if ( name && ! allowed.has( name ) ) {
				strays.push( `${ name } (imported by ${ input })` );
			}
		}
	}
	return strays;
}

async function main() {
	let esbuild;
	try {
		esbuild = await import( 'esbuild' );
	} catch ( error ) {
		if ( args.includes( '--if-available' ) ) {
			console.warn(
				'proxy-health: esbuild is not installed (a production install?), so the CLI was not built. Run "npm install" and "npm run build:cli" to build it.'
			);
			return 0;
		}
		throw error;
	}

	const started = Date.now();
	const result = await esbuild.build( {
		absWorkingDir: ROOT,
		entryPoints: [ 'src/cli/index.ts' ],
		outfile: OUT_FILE,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: nodeTarget(),
		packages: 'external',
		plugins: [ labFromSources ],
		metafile: true,
		write: false,
		logLevel: 'warning',
		banner: {
			js: '// proxy-health CLI, bundled from src/cli by scripts/build-cli.mjs. Do not edit.',
		},
	} );

	const strays = strayPackages( result.metafile );
	if ( strays.length > 0 ) {
		throw new BuildError(
			`proxy-health: the CLI bundle reaches packages that are not runtime dependencies, so it would fail after "npm install --omit=dev":\n  ${ strays.join(
				'\n  '
			) }\nImport them lazily where they are needed, or make them dependencies.`
		);
	}

	mkdirSync( OUT_DIR, { recursive: true } );
	for ( const file of result.outputFiles ) {
		const temporary = `${ file.path }.${ process.pid }.tmp`;
		writeFileSync( temporary, file.contents );
		renameSync( temporary, file.path );
	}
	if ( args.includes( '--metafile' ) ) {
		writeFileSync(
			path.join( OUT_DIR, 'metafile.json' ),
			JSON.stringify( result.metafile, null, '\t' )
		);
	}
	const bytes = result.outputFiles.reduce(
		( sum, file ) => sum + file.contents.length,
		0
	);
	console.log(
		`proxy-health: built ${ path.relative( ROOT, OUT_FILE ) } (${ (
			bytes / 1024
		).toFixed(
			0
		) } KiB, ${ nodeTarget() }) in ${ Date.now() - started } ms`
	);
	return 0;
}

main().then(
	( code ) => {
		process.exitCode = code;
	},
	( error ) => {
		console.error(
			error instanceof BuildError
				? error.message
				: ( error.stack ?? String( error ) )
		);
		process.exitCode = 1;
	}
);
