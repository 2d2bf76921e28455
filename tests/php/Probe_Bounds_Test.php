<?php
/**
 * Probes are bounded: a proxy that answers at once and then drips its body a byte at a time
 * (a tiny Node server this test starts) does not hold the request past its timeout on the
 * fsockopen transport, and every probe asks for at most RESPONSE_BYTES of body.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Probe\Credentials;
use ProxyHealth\Probe\Parallel_Runner;
use ProxyHealth\Probe\Probe_Request;
use WP_Error;
use WpOrg\Requests\Proxy\Http as Requests_Proxy;

final class Probe_Bounds_Test extends TestCase {

	/** @var resource|null */
	private $process = null;

	/** @var array<int, resource> */
	private array $pipes = array();

	protected function tearDown(): void {
		if ( is_resource( $this->process ) ) {
			fclose( $this->pipes[0] ); // The proxy exits when its stdin closes.
			fclose( $this->pipes[1] );
			proc_close( $this->process );
		}
		parent::tearDown();
	}

	private function start_drip_proxy(): int {
		$this->process = proc_open(
			array( 'node', __DIR__ . '/support/slow-drip-proxy.js', '127.0.0.2' ),
			array( 0 => array( 'pipe', 'r' ), 1 => array( 'pipe', 'w' ), 2 => STDERR ),
			$this->pipes
		);
		$this->assertIsResource( $this->process );
		$port = (int) trim( (string) fgets( $this->pipes[1] ) );
		$this->assertGreaterThan( 0, $port );
		return $port;
	}

	public function test_a_slow_drip_reply_is_cut_at_the_timeout_on_fsockopen(): void {
		$port    = $this->start_drip_proxy();
		$request = new Probe_Request( 'http://127.0.0.3:9/drip', 'fsockopen', Credentials::one_off( 'alice', 'not-sent-anywhere' ), 2.0 );
		// Through the drip proxy instead of the lab's squid.
		$request->options['proxy'] = new Requests_Proxy( '127.0.0.2:' . $port );

		$answers  = ( new Parallel_Runner() )->run( array( $request ) );
		$response = $answers[0]['response'];
		// Without the bound the drip runs its full 20 seconds and a (truncated) 200 comes back.
		$this->assertInstanceOf( WP_Error::class, $response, 'the dripping reply was read to its end' );
		$this->assertStringContainsString( 'still arriving after 2 seconds', $response->get_error_message() );
	}

	public function test_every_probe_limits_the_response_size(): void {
		foreach ( array( 'curl', 'fsockopen' ) as $transport ) {
			$request = new Probe_Request( 'http://127.0.0.3:9/', $transport, Credentials::from_wp_config(), 2.0 );
			$this->assertSame( Probe_Request::RESPONSE_BYTES, $request->args['limit_response_size'] );
			$this->assertSame( Probe_Request::RESPONSE_BYTES, $request->options['max_bytes'] );
		}
	}
}
