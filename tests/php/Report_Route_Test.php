<?php
/**
 * GET /proxy-health/v1/report on the lab site, whose proxy rejects the site's credentials.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Bisection\Bisection_Store;
use ProxyHealth\Documents\Bisection_Document;
use ProxyHealth\Documents\Evidence_Session_Document;
use ProxyHealth\Evidence\Evidence_Session;
use ProxyHealth\Report\Evidence_Summary;
use ProxyHealth\Report\Probe_Check;
use WP_REST_Request;
use WP_REST_Response;

final class Report_Route_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/report';

	/** The stored bisection runs before the test (false: no row). */
	private $bisections = false;

	protected function setUp(): void {
		parent::setUp();
		$this->bisections = get_option( Bisection_Store::OPTION );
	}

	protected function tearDown(): void {
		false === $this->bisections ? delete_option( Bisection_Store::OPTION ) : update_option( Bisection_Store::OPTION, $this->bisections, false );
		parent::tearDown();
	}

	/**
	 * @param array<string, mixed> $query Query parameters.
	 */
	private function get( array $query = array() ): WP_REST_Response {
		$request = new WP_REST_Request( 'GET', self::ROUTE );
		$request->set_query_params( $query );
		return rest_do_request( $request );
	}

	/**
	 * @return array<string, array{string, int}>
	 */
	public function outsiders(): array {
		return array(
			'anonymous'  => array( 'anonymous', 401 ),
			'subscriber' => array( 'subscriber', 403 ),
			'editor'     => array( 'editor', 403 ),
		);
	}

	/**
	 * @dataProvider outsiders
	 */
	public function test_only_administrators_get_the_report( string $role, int $status ): void {
		$this->act_as( $role );
		$response = $this->get();
		$this->assertSame( $status, $response->get_status() );
		$this->assertSame( 'rest_forbidden', $response->get_data()['code'] );
	}

	public function test_the_document_holds_every_part(): void {
		$this->act_as( 'administrator' );
		$response = $this->get();
		$this->assertSame( 200, $response->get_status() );
		$report = $response->get_data();

		$this->assertSame( array( 'generatedAt', 'site', 'status', 'latestProbeReport', 'hooks', 'inbound', 'evidence', 'bisections' ), array_keys( $report ) );
		$this->assertEqualsWithDelta( time(), strtotime( $report['generatedAt'] ), 5 );
		$this->assertSame(
			array(
				'url' => home_url(),
				'wp'  => $GLOBALS['wp_version'],
				'php' => PHP_VERSION,
			),
			$report['site']
		);
		$this->assertSame( $this->dispatch( 'GET', '/proxy-health/v1/status' )->get_data(), $report['status'] );
		$this->assertSame( $this->dispatch( 'GET', '/proxy-health/v1/hooks' )->get_data(), $report['hooks'] );
		// Compared as JSON: the fingerprint's plugin list is an object.
		$this->assertSame( wp_json_encode( ( new Probe_Check() )->latest() ), wp_json_encode( $report['latestProbeReport'] ) );
		$this->assertNull( $report['inbound'], 'only with inbound=1' );
		$this->assertSame( array( 'session', 'calls', 'failedCalls', 'byOutcome', 'bySource' ), array_keys( $report['evidence'] ) );
		$this->assertSame( wp_json_encode( Evidence_Summary::build() ), wp_json_encode( $report['evidence'] ) );
		$this->assertSame( Bisection_Document::recent(), $report['bisections'] );
	}

	public function test_evidence_counts_the_calls_of_a_session_started_and_stopped_here(): void {
		$this->act_as( 'administrator' );
		$session = $this->record_calls(
			static function (): void {
				self::send_into_the_407();
				self::fetch_a_file_of_the_site();
			}
		);
		$expected = array(
			'calls'       => 3,
			'failedCalls' => 2,
			'byOutcome'   => array(
				'ok'                  => 1,
				'proxy_auth_required' => 2,
			),
			// Each calling function is a source, the busiest first.
			'bySource'    => array(
				array(
					'type'   => 'core',
					'slug'   => Rest_Test_Case::class . '::send_into_the_407',
					'calls'  => 2,
					'failed' => 2,
				),
				array(
					'type'   => 'core',
					'slug'   => __CLASS__ . '::fetch_a_file_of_the_site',
					'calls'  => 1,
					'failed' => 0,
				),
			),
		);

		$running = $this->get()->get_data()['evidence'];
		$this->assertSame( array( 'session' => $session ) + $expected, $running );
		$this->assertSame( $session, Evidence_Session_Document::current(), 'reading the report changed nothing' );

		$this->assertIsArray( Evidence_Session_Document::stop() );
		$json    = (string) wp_json_encode( $this->get()->get_data() );
		$stopped = json_decode( $json, true )['evidence'];
		$this->assertSame( array( 'session' => null ) + $expected, $stopped, 'the last session\'s calls stay readable' );
		$this->assertNull( Evidence_Session::stored(), 'the report starts nothing' );
		$this->assertStringNotContainsString( (string) getenv( 'PROXY_HEALTH_CANARY' ), $json );
	}

	/**
	 * The site's own host bypasses the proxy; a static file, so no WordPress runs there. A named
	 * function, so the recorder's source is the same name on every PHP version.
	 */
	private static function fetch_a_file_of_the_site(): void {
		wp_remote_get( home_url( '/wp-includes/images/blank.gif' ), array( 'timeout' => 10 ) );
	}

	public function test_evidence_summary_groups_sources_busiest_first(): void {
		$call    = static fn( string $type, string $slug, string $outcome ): array => array(
			'source'  => array(
				'type' => $type,
				'slug' => $slug,
			),
			'outcome' => $outcome,
		);
		$summary = Evidence_Summary::summarize(
			null,
			array(
				$call( 'plugin', 'zeta', 'ok' ),
				$call( 'core', 'wp_version_check', 'proxy_auth_required' ),
				$call( 'plugin', 'acme', 'http_error' ),
				$call( 'core', 'wp_version_check', 'proxy_auth_required' ),
				$call( 'plugin', 'acme', 'ok' ),
				$call( 'theme', 'twentytwentyfour', 'timeout' ),
			)
		);
		$this->assertSame( 6, $summary['calls'] );
		$this->assertSame( 4, $summary['failedCalls'], 'every outcome but ok is a failure' );
		$this->assertSame( array( 'http_error' => 1, 'ok' => 2, 'proxy_auth_required' => 2, 'timeout' => 1 ), $summary['byOutcome'] );
		$this->assertSame(
			array( 'core:wp_version_check:2:2', 'plugin:acme:2:1', 'plugin:zeta:1:0', 'theme:twentytwentyfour:1:1' ),
			array_map( static fn( array $s ): string => implode( ':', $s ), $summary['bySource'] )
		);
		$this->assertSame( '{"session":null,"calls":0,"failedCalls":0,"byOutcome":{},"bySource":[]}', wp_json_encode( Evidence_Summary::summarize( null, array() ) ) );
	}

	public function test_bisections_lists_stored_runs_newest_first(): void {
		$this->act_as( 'administrator' );
		$older = Bisection_Store::save( self::stored_run( gmdate( 'c', time() - 60 ), 'failed', null ) );
		$newer = Bisection_Store::save( self::stored_run( gmdate( 'c' ), 'done', 'culprit_found' ) );

		$listed = $this->get()->get_data()['bisections'];
		$this->assertSame(
			array(
				'id'         => $newer['id'],
				'status'     => 'done',
				'mode'       => 'one-by-one',
				'conclusion' => 'culprit_found',
				'culprits'   => array( array( 'bad-proxy/bad-proxy.php' ) ),
				'probesUsed' => 3,
				'createdAt'  => $newer['createdAt'],
			),
			$listed[0]
		);
		$this->assertSame( $older['id'], $listed[1]['id'] );
		$this->assertArrayNotHasKey( 'conclusion', $listed[1], 'optional fields only when set, as in the Bisection document' );
		$this->assertCount( count( Bisection_Store::all() ), $listed );
	}

	/**
	 * A stored run as Bisector leaves one.
	 *
	 * @return array<string, mixed>
	 */
	private static function stored_run( string $created_at, string $status, ?string $conclusion ): array {
		$run = array(
			'id'              => wp_generate_uuid4(),
			'status'          => $status,
			'mode'            => 'one-by-one',
			'driver'          => 'client',
			'cloneMode'       => 'light',
			'plugins'         => array( 'bad-proxy/bad-proxy.php' ),
			'probesUsed'      => 3,
			'probesEstimated' => 3,
			'steps'           => array(),
			'culprits'        => null === $conclusion ? array() : array( array( 'bad-proxy/bad-proxy.php' ) ),
			'clone'           => array(
				'prefix' => 'phb2_',
				'state'  => 'dropped',
			),
			'createdAt'       => $created_at,
		);
		return null === $conclusion ? $run : $run + array( 'conclusion' => $conclusion );
	}

	public function test_run_probes_now_and_keeps_the_run_as_the_latest(): void {
		$this->act_as( 'administrator' );
		$report = $this->get( array( 'run' => '1' ) )->get_data();
		$probe  = $report['latestProbeReport'];

		$this->assertIsArray( $probe );
		$this->assertSame( 'fail', $probe['verdict'], 'squid rejects the site\'s credentials' );
		$this->assertContains( 'proxy_auth_rejected', array_column( $probe['diagnoses'], 'code' ) );
		$this->assertEqualsWithDelta( time(), strtotime( $probe['createdAt'] ), 30 );
		if ( Probe_Check::has_history() ) {
			$this->assertSame( $probe['id'], $this->get()->get_data()['latestProbeReport']['id'] ?? null );
		}
	}

	public function test_inbound_on_request(): void {
		$this->act_as( 'administrator' );
		$inbound = $this->get( array( 'inbound' => 'true' ) )->get_data()['inbound'];
		$this->assertIsArray( $inbound );
		$this->assertContains( $inbound['verdict'], array( 'pass', 'warn', 'fail' ) );
		$this->assertNotEmpty( $inbound['chains'] );
	}

	/**
	 * @return array<string, array{array<string, string>}>
	 */
	public function bad_flags(): array {
		return array(
			'run=yes'       => array( array( 'run' => 'yes' ) ),
			'run=2'         => array( array( 'run' => '2' ) ),
			'run=on'        => array( array( 'run' => 'on' ) ),
			'inbound=maybe' => array( array( 'inbound' => 'maybe' ) ),
		);
	}

	/**
	 * @dataProvider bad_flags
	 *
	 * @param array<string, string> $query Query parameters.
	 */
	public function test_flags_must_be_booleans( array $query ): void {
		$this->act_as( 'administrator' );
		$response = $this->get( $query );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
		$this->assertArrayHasKey( (string) array_key_first( $query ), $response->get_data()['data']['params'] );
	}

	public function test_no_secret_in_the_report(): void {
		$this->act_as( 'administrator' );
		$canary = (string) getenv( 'PROXY_HEALTH_CANARY' );
		$this->assertNotSame( '', $canary, 'PROXY_HEALTH_CANARY is set by tests/run-php.ts' );
		$this->assertSame( WP_PROXY_PASSWORD, $canary, 'the canary is the site\'s proxy password' );

		$json = (string) wp_json_encode( $this->get( array( 'run' => '1', 'inbound' => '1' ) )->get_data() );
		$this->assertStringContainsString( 'Proxy-Authorization: Basic [redacted]', $json, 'the fresh run sent credentials; the transcript says so without them' );
		$this->assertStringNotContainsString( $canary, $json );
		$this->assertStringNotContainsString( base64_encode( WP_PROXY_USERNAME . ':' . $canary ), $json );
	}

	public function test_schema_names_every_part(): void {
		$response = rest_do_request( new WP_REST_Request( 'OPTIONS', self::ROUTE ) );
		$schema   = $response->get_data()['schema'];
		$this->assertSame( 'proxy-health-report', $schema['title'] );
		$this->assertSame( array( 'generatedAt', 'site', 'status', 'latestProbeReport', 'hooks', 'inbound', 'evidence', 'bisections' ), array_keys( $schema['properties'] ) );
		$this->assertSame( array( 'object', 'null' ), $schema['properties']['latestProbeReport']['type'] );
		$this->assertArrayHasKey( 'verdict', $schema['properties']['latestProbeReport']['properties'] );
		$this->assertArrayHasKey( 'findings', $schema['properties']['status']['properties'] );
		$this->assertSame( 'boolean', $response->get_data()['endpoints'][0]['args']['run']['type'] );
		$evidence = $schema['properties']['evidence'];
		// Null in answers from plugin versions without it; this one always sends it.
		$this->assertSame( array( 'object', 'null' ), $evidence['type'] );
		$this->assertSame( array( 'session', 'calls', 'failedCalls', 'byOutcome', 'bySource' ), array_keys( $evidence['properties'] ) );
		$this->assertSame( array( 'object', 'null' ), $evidence['properties']['session']['type'] );
		$this->assertSame( array( 'id', 'startedAt', 'expiresAt', 'debugConstants' ), array_keys( $evidence['properties']['session']['properties'] ) );
		$this->assertSame( array( 'type', 'slug', 'calls', 'failed' ), array_keys( $evidence['properties']['bySource']['items']['properties'] ) );
		$this->assertSame( array( 'array', 'null' ), $schema['properties']['bisections']['type'] );
		$this->assertEqualsCanonicalizing( array( 'id', 'status', 'mode', 'conclusion', 'culprits', 'probesUsed', 'createdAt' ), array_keys( $schema['properties']['bisections']['items']['properties'] ) );
	}
}
