/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/**
 * A table's head: one row of column headers, in order.
 *
 * @param props         Component props.
 * @param props.columns The headers' contents.
 */
export default function ColumnHeads( { columns }: { columns: ReactNode[] } ) {
	return (
		<thead>
			<tr>
				{ columns.map( ( column, index ) => (
					<th key={ index } scope="col">
						{ column }
					</th>
				) ) }
			</tr>
		</thead>
	);
}
