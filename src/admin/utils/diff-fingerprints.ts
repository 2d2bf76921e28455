/**
 * Internal dependencies
 */
import type {
	Changes,
	EnvironmentFingerprint,
	FileFingerprint,
	ProbeReport,
	ReportRef,
	SetDiff,
	ValueChange,
} from '../../api/types';

/** Which way the verdict went between the two reports compared. */
export type TransitionDirection = 'broke' | 'fixed';

/** Two reports worth comparing, oldest first. */
export interface Transition {
	direction: TransitionDirection;
	from: ProbeReport;
	to: ProbeReport;
}

const SCALARS = [
	'theme',
	'wp',
	'php',
	'proxyConfigHash',
	'htaccessHash',
] as const;

/**
 * File => comparable version; must-use plugins and drop-ins as `1.0 #<hash>`, as
 * `Change_Detector::versions()` writes them, so an edit without a version bump shows too.
 *
 * @param set A fingerprint set (PHP sends `[]` for an empty one).
 */
function versions(
	set: Record< string, string | FileFingerprint > | unknown[] | undefined
): Record< string, string > {
	const out: Record< string, string > = {};
	if ( ! set || Array.isArray( set ) ) {
		return out;
	}
	for ( const [ file, value ] of Object.entries( set ) ) {
		out[ file ] =
			typeof value === 'string'
				? value
				: `${ value.version }${ value.hash ? ` #${ value.hash }` : '' }`.trim();
	}
	return out;
}

/**
 * Files added, removed or updated between two sets, sorted by file name.
 *
 * @param before File => version.
 * @param after  File => version.
 */
export function diffSets(
	before: Record< string, string >,
	after: Record< string, string >
): SetDiff {
	const diff: SetDiff = { added: [], removed: [], updated: [] };
	for ( const file of Object.keys( after ).sort() ) {
		const version = after[ file ] as string;
		const previous = before[ file ];
		if ( previous === undefined ) {
			diff.added.push( { file, version } );
		} else if ( previous !== version ) {
			diff.updated.push( { file, from: previous, to: version } );
		}
	}
	for ( const file of Object.keys( before ).sort() ) {
		if ( after[ file ] === undefined ) {
			diff.removed.push( { file, version: before[ file ] as string } );
		}
	}
	return diff;
}

function valueChange(
	from: string | null | undefined,
	to: string | null | undefined
): ValueChange | null {
	const old = from ?? null;
	const next = to ?? null;
	return old === next ? null : { from: old, to: next };
}

function ref( report: ProbeReport ): ReportRef {
	return {
		id: report.id,
		createdAt: report.createdAt,
		verdict: report.verdict,
	};
}

function setSize( diff: SetDiff | null ): number {
	return diff
		? diff.added.length + diff.removed.length + diff.updated.length
		: 0;
}

/**
 * What changed between two reports' fingerprints, in the shape of `GET /changes`
 * (`Change_Detector::diff()`): plugins, must-use plugins and drop-ins added, removed or
 * updated; theme, WordPress, PHP, proxy configuration hash and .htaccess hash. Must-use
 * plugins and drop-ins are null when either report predates them.
 *
 * @param from The earlier report.
 * @param to   The later report.
 */
export function diffFingerprints(
	from: ProbeReport,
	to: ProbeReport
): Changes {
	const before: EnvironmentFingerprint = from.fingerprint;
	const after: EnvironmentFingerprint = to.fingerprint;
	const bothHave = ( key: 'muPlugins' | 'dropins' ) =>
		before[ key ] !== undefined && after[ key ] !== undefined;

	const plugins = diffSets(
		versions( before.plugins ),
		versions( after.plugins )
	);
	const muPlugins = bothHave( 'muPlugins' )
		? diffSets( versions( before.muPlugins ), versions( after.muPlugins ) )
		: null;
	const dropins = bothHave( 'dropins' )
		? diffSets( versions( before.dropins ), versions( after.dropins ) )
		: null;
	const scalars = Object.fromEntries(
		SCALARS.map( ( key ) => [
			key,
			valueChange( before[ key ], after[ key ] ),
		] )
	) as Record< ( typeof SCALARS )[ number ], ValueChange | null >;

	const count =
		setSize( plugins ) +
		setSize( muPlugins ) +
		setSize( dropins ) +
		SCALARS.filter( ( key ) => scalars[ key ] !== null ).length;

	return {
		from: ref( from ),
		to: ref( to ),
		count,
		plugins,
		muPlugins,
		dropins,
		...scalars,
	};
}

/**
 * Whether a report describes the site as configured: runs with one-off credentials tested
 * what the admin typed, not what wp-config.php says, so their verdict is not the site's.
 *
 * @param report A probe report.
 */
function describesSite( report: ProbeReport ): boolean {
	return report.credentialsSource !== 'one-off';
}

/**
 * The two reports worth comparing, from a history (newest first, as `GET /probes` lists it):
 * the last passing report and the first failing one after it (what broke it, as
 * `GET /changes` picks them); else, when the site passes again, the last failing report
 * before the newest passing one (what fixed it). Reports with one-off credentials are left
 * out. Null when the history holds neither pair.
 *
 * @param reports Full reports, newest first.
 */
export function findTransition( reports: ProbeReport[] ): Transition | null {
	const oldestFirst = reports.filter( describesSite ).reverse();
	let lastPass = -1;
	oldestFirst.forEach( ( report, index ) => {
		if ( report.verdict === 'pass' ) {
			lastPass = index;
		}
	} );
	if ( lastPass >= 0 ) {
		const failing = oldestFirst
			.slice( lastPass + 1 )
			.find( ( report ) => report.verdict === 'fail' );
		if ( failing ) {
			return {
				direction: 'broke',
				from: oldestFirst[ lastPass ] as ProbeReport,
				to: failing,
			};
		}
		// No failure after the last pass: what turned the last failure before it into a pass?
		const firstPassOfRun = oldestFirst.findIndex(
			( report, index ) =>
				index <= lastPass &&
				report.verdict === 'pass' &&
				oldestFirst
					.slice( index, lastPass + 1 )
					.every( ( later ) => later.verdict !== 'fail' )
		);
		const lastFail = oldestFirst
			.slice( 0, firstPassOfRun )
			.map( ( report, index ) => ( { report, index } ) )
			.filter( ( { report } ) => report.verdict === 'fail' )
			.pop();
		if ( lastFail ) {
			return {
				direction: 'fixed',
				from: lastFail.report,
				to: oldestFirst[ firstPassOfRun ] as ProbeReport,
			};
		}
	}
	return null;
}
