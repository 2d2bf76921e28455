/**
 * External dependencies
 */
import { render, screen } from '@testing-library/react';

/**
 * Internal dependencies
 */
import TableScroll from '..';

describe( 'TableScroll', () => {
	it( 'wraps the table in a named region that the keyboard can reach', () => {
		render(
			<TableScroll label="Probe results">
				<table>
					<tbody>
						<tr>
							<td>cell</td>
						</tr>
					</tbody>
				</table>
			</TableScroll>
		);

		const region = screen.getByRole( 'region', { name: 'Probe results' } );
		expect( region.className ).toBe( 'proxy-health-table-scroll' );
		expect( region.tabIndex ).toBe( 0 );
		expect( region.querySelector( 'table' ) ).not.toBeNull();
	} );
} );
