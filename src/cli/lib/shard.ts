/**
 * `--shard i/n`: split a fleet across CI runners, stably by position in the sites file.
 */

export interface Shard {
	/** 1-based. */
	index: number;
	count: number;
}

export class ShardError extends Error {
	override readonly name = 'ShardError';
}

/**
 * Parses `i/n` (1 ≤ i ≤ n).
 *
 * @param value Option value.
 */
export function parseShard( value: string ): Shard {
	const match = /^(\d+)\/(\d+)$/.exec( value.trim() );
	const index = Number( match?.[ 1 ] );
	const count = Number( match?.[ 2 ] );
	if ( ! match || count < 1 || index < 1 || index > count ) {
		throw new ShardError(
			`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/4), not "${ value }".`
		);
	}
	return { index, count };
}

/**
 * The items of one shard: item k (0-based) belongs to shard (k mod n) + 1. Round-robin keeps
 * shards the same size, and a site stays on its runner as long as the file's order holds.
 *
 * @param items All items.
 * @param shard Which shard.
 */
export function selectShard< T >( items: readonly T[], shard: Shard ): T[] {
	return items.filter(
		( _item, position ) => position % shard.count === shard.index - 1
	);
}
