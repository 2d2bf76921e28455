/**
 * External dependencies
 */
import { fireEvent, render, screen } from '@testing-library/react';

/**
 * Internal dependencies
 */
import ServerLogsField, { parsePaths } from '..';
import { fakeNetworkForEachTest } from '../../../test-utils/view';

const network = fakeNetworkForEachTest();

const LISTED = { paths: [ '/var/log/nginx/error.log' ], roots: [ '/var/log' ] };

async function openField() {
	network.answerJson( 200, LISTED );
	fireEvent.click(
		screen.getByRole( 'button', { name: 'Edit the server logs' } )
	);
	return ( await screen.findByRole( 'textbox', {
		name: 'Server log files',
	} ) ) as HTMLTextAreaElement;
}

function bodyOf( index: number ): unknown {
	return JSON.parse( String( network.requests[ index ]?.init?.body ) );
}

describe( 'ServerLogsField', () => {
	it( 'reads nothing until opened, then shows the listed paths and the allowed folders', async () => {
		render( <ServerLogsField /> );
		expect( network.requests ).toHaveLength( 0 );
		const field = await openField();
		expect( network.requests[ 0 ]?.url ).toContain(
			'/proxy-health/v1/evidence/server-logs'
		);
		expect( field.value ).toBe( '/var/log/nginx/error.log' );
		expect( field.getAttribute( 'aria-invalid' ) ).toBe( 'false' );
		expect(
			screen.getByText(
				'One absolute path a line, at most 10. Allowed folders: /var/log'
			)
		).toBeTruthy();
	} );

	it( 'saves one path a line with PUT and tells the view to read the logs again', async () => {
		const onSaved = jest.fn();
		render( <ServerLogsField onSaved={ onSaved } /> );
		const field = await openField();
		fireEvent.change( field, {
			target: {
				value: ' /var/log/nginx/error.log \n\n/var/log/php8.2-fpm.log\n',
			},
		} );
		network.answerJson( 200, {
			paths: [ '/var/log/nginx/error.log', '/var/log/php8.2-fpm.log' ],
			roots: [ '/var/log' ],
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save server logs' } )
		);
		expect(
			await screen.findByText( 'The server logs were saved.' )
		).toBeTruthy();
		// api-fetch sends PUT as POST with the method override header WordPress reads.
		expect(
			(
				network.requests[ 1 ]?.init?.headers as Record< string, string >
			 )[ 'X-HTTP-Method-Override' ]
		).toBe( 'PUT' );
		expect( bodyOf( 1 ) ).toEqual( {
			paths: [ '/var/log/nginx/error.log', '/var/log/php8.2-fpm.log' ],
		} );
		expect( onSaved ).toHaveBeenCalledTimes( 1 );
	} );

	it( 'shows the route’s refusal at the field, marks it invalid, and clears it on edit', async () => {
		const onSaved = jest.fn();
		render( <ServerLogsField onSaved={ onSaved } /> );
		const field = await openField();
		fireEvent.change( field, { target: { value: '/etc/passwd' } } );
		const refusal =
			'/etc/passwd is not a log file inside the server log folders Proxy Health may read.';
		network.answerJson( 400, {
			code: 'proxy_health_log_path_not_allowed',
			message: refusal,
			data: { status: 400 },
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save server logs' } )
		);
		const problem = await screen.findByText( refusal, {
			selector: '.proxy-health-server-logs__problem',
		} );
		expect( field.getAttribute( 'aria-invalid' ) ).toBe( 'true' );
		expect( field.getAttribute( 'aria-errormessage' ) ).toBe( problem.id );
		expect( field.ownerDocument.activeElement ).toBe( field );
		expect( onSaved ).not.toHaveBeenCalled();

		fireEvent.change( field, { target: { value: '/var/log/a.log' } } );
		expect(
			screen.queryByText( refusal, {
				selector: '.proxy-health-server-logs__problem',
			} )
		).toBeNull();
		expect( field.getAttribute( 'aria-invalid' ) ).toBe( 'false' );
	} );

	it( 'shows rest_invalid_param’s reason for the argument at the field', async () => {
		render( <ServerLogsField /> );
		const field = await openField();
		fireEvent.change( field, { target: { value: 'relative/error.log' } } );
		network.answerJson( 400, {
			code: 'rest_invalid_param',
			message: 'Invalid parameter(s): paths',
			data: {
				status: 400,
				params: {
					paths: 'paths[0] does not match pattern ^/[^\\x00-\\x1f]*$.',
				},
			},
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Save server logs' } )
		);
		expect(
			await screen.findByText(
				'paths[0] does not match pattern ^/[^\\x00-\\x1f]*$.',
				{ selector: '.proxy-health-server-logs__problem' }
			)
		).toBeTruthy();
		expect( field.getAttribute( 'aria-invalid' ) ).toBe( 'true' );
	} );

	it( 'offers Retry when the list cannot be read', async () => {
		render( <ServerLogsField /> );
		network.answerJson( 500, {
			code: 'internal_server_error',
			message: 'Boom',
			data: { status: 500 },
		} );
		fireEvent.click(
			screen.getByRole( 'button', { name: 'Edit the server logs' } )
		);
		expect(
			await screen.findByText(
				'The server logs could not be read or saved.'
			)
		).toBeTruthy();
		network.answerJson( 200, LISTED );
		fireEvent.click( screen.getByRole( 'button', { name: /Retry/ } ) );
		expect(
			await screen.findByRole( 'textbox', { name: 'Server log files' } )
		).toBeTruthy();
	} );
} );

describe( 'parsePaths', () => {
	it( 'keeps one trimmed path a line and drops blank lines', () => {
		expect( parsePaths( ' /a.log\r\n\n  \n/b.log ' ) ).toEqual( [
			'/a.log',
			'/b.log',
		] );
	} );
} );
