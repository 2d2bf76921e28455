/**
 * A probe report names a broken wp-config.php next to what the requests showed, on a real lab
 * (real PHP, real squid).
 */

/**
 * Internal dependencies
 */
import type { ProbeReport } from '../../src/api/types';
import { withLab } from '../../src/lab/scenario';
import { rest } from '../support/rest';

jest.setTimeout( 120_000 );

test( 'a non-numeric port becomes proxy_config_invalid with its wp-config.php line', async () => {
	await withLab( { runtime: 'php', proxyEngine: 'squid' }, async ( lab ) => {
		const probe = async () =>
			(
				await rest< ProbeReport >(
					lab.server.url,
					lab.site,
					'/proxy-health/v1/probes',
					{ method: 'POST', body: { transports: [ 'curl' ] } }
				)
			).body;

		await lab.setScenario( 'right-credentials' );
		const clean = await probe();
		expect( clean.diagnoses.map( ( d ) => d.code ) ).toEqual( [
			'proxy_ok',
		] );

		await lab.setScenario( 'non-numeric-port' );
		const broken = await probe();
		const invalid = broken.diagnoses.find(
			( d ) => d.code === 'proxy_config_invalid'
		);
		expect( invalid?.severity ).toBe( 'critical' );
		expect( invalid?.evidence.join( '\n' ) ).toMatch(
			/proxy_port_invalid: .*\n.*wp-config\.php/
		);
		expect( broken.verdict ).toBe( 'fail' );
	} );
} );
