/**
 * Bounded concurrency: at most `limit` workers pull the next item from a shared index, so a
 * fleet of thousands never becomes thousands of open sockets.
 *
 * @param items  Work items.
 * @param limit  Most items in flight at once (at least 1).
 * @param worker Handles one item; results keep the input order.
 */
export async function mapWithConcurrency< T, R >(
	items: readonly T[],
	limit: number,
	worker: ( item: T, index: number ) => Promise< R >
): Promise< R[] > {
	const results = new Array< R >( items.length );
	let next = 0;
	const run = async () => {
		while ( next < items.length ) {
			const index = next++;
			results[ index ] = await worker( items[ index ] as T, index );
		}
	};
	const workers = Math.max( 1, Math.min( limit, items.length ) );
	await Promise.all( Array.from( { length: workers }, run ) );
	return results;
}
