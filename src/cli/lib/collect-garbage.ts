/**
 * A full garbage collection on demand, for long batch runs.
 *
 * Measured on the stub fleet: a batch's live heap stays near 14 MB whatever the fleet's size,
 * but V8 lets its old space fill with finished sites' garbage (response bodies, parsed reports)
 * to 50 MB and more before it collects, and peak RSS follows. A full collection every few
 * hundred sites (a few milliseconds on a heap this small) keeps the peak near the live set.
 *
 * `gc` is exposed through a flag set at run time and read from a new context, the documented
 * way to reach it without `--expose-gc` on the command line. If that ever fails, the batch just
 * runs without it.
 */

/**
 * External dependencies
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let collector: ( () => void ) | null | undefined;

/**
 * The collector, or null where it cannot be had.
 */
export function fullCollector(): ( () => void ) | null {
	if ( collector === undefined ) {
		try {
			setFlagsFromString( '--expose-gc' );
			const gc: unknown = runInNewContext( 'gc' );
			collector = typeof gc === 'function' ? () => gc() : null;
		} catch {
			collector = null;
		}
	}
	return collector;
}
