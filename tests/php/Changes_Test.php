<?php
/**
 * "What changed": constructed probe histories (pass, then fail with a changed fingerprint) and
 * the diff Change_Detector makes of them, through the service, GET /changes and GET /evidence;
 * and the fingerprint's must-use plugin and drop-in fields on the real lab site.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Changes\Change_Detector;
use ProxyHealth\Probe\Fingerprint;
use ProxyHealth\Probe\History;
use WP_REST_Request;

final class Changes_Test extends Rest_Test_Case {

	private const MU_FILE = 'changes-test-probe.php';

	/** @var mixed History as it was before the test. */
	private $saved_history;

	protected function setUp(): void {
		parent::setUp();
		$this->saved_history = get_option( History::OPTION, null );
		delete_option( History::OPTION );
	}

	protected function tearDown(): void {
		delete_option( History::OPTION );
		if ( null !== $this->saved_history ) {
			add_option( History::OPTION, $this->saved_history, '', false );
		}
		if ( is_file( WPMU_PLUGIN_DIR . '/' . self::MU_FILE ) ) {
			unlink( WPMU_PLUGIN_DIR . '/' . self::MU_FILE );
		}
		parent::tearDown();
	}

	/**
	 * @param array<string, mixed> $overrides Fingerprint fields to change.
	 * @return array<string, mixed> A minimal stored ProbeReport.
	 */
	private static function report( string $id, string $verdict, array $overrides = array() ): array {
		return array(
			'id'          => $id,
			'createdAt'   => '2024-07-0' . substr( $id, -1 ) . 'T10:00:00+00:00',
			'verdict'     => $verdict,
			'results'     => array(),
			'diagnoses'   => array(),
			'fingerprint' => $overrides + array(
				'wp'              => '6.6',
				'php'             => '8.2.20',
				'plugins'         => (object) array(
					'akismet/akismet.php' => '5.3',
					'hello.php'           => '1.7.2',
				),
				'theme'           => 'twentytwentyfour@1.2',
				'proxyConfigHash' => 'aaaa',
				'htaccessHash'    => null,
				'muPlugins'       => (object) array(
					'lab-ca.php' => array(
						'version' => '',
						'hash'    => '111111111111',
					),
				),
				'dropins'         => (object) array(),
			),
		);
	}

	/**
	 * Stores reports given oldest first (History keeps them newest first).
	 *
	 * @param list<array<string, mixed>> $reports
	 */
	private static function store( array $reports ): void {
		foreach ( $reports as $report ) {
			History::add( $report );
		}
	}

	public function test_no_pass_then_fail_pair_means_null(): void {
		$this->assertNull( Change_Detector::between( array() ) );
		$this->assertNull( Change_Detector::between( array( self::report( 'r2', 'fail' ), self::report( 'r1', 'fail' ) ) ), 'never passed' );
		// Newest first: the last pass is the newest report, nothing failed after it.
		$this->assertNull( Change_Detector::between( array( self::report( 'r3', 'pass' ), self::report( 'r2', 'fail' ), self::report( 'r1', 'pass' ) ) ) );
		$this->assertNull( Change_Detector::between( array( self::report( 'r2', 'warn' ), self::report( 'r1', 'pass' ) ) ), 'warn is not a failure' );
		$one_off = self::report( 'r1', 'pass' ) + array( 'credentialsSource' => 'one-off' );
		$this->assertNull( Change_Detector::between( array( self::report( 'r2', 'fail' ), $one_off ) ), 'a credentials test is not a passing site' );
	}

	public function test_the_last_pass_is_compared_with_the_first_failure_after_it(): void {
		$changes = Change_Detector::between(
			array(
				self::report( 'r5', 'fail', array( 'php' => '8.3.0' ) ),
				self::report( 'r4', 'fail', array( 'wp' => '6.6.1' ) ),
				self::report( 'r3', 'warn' ),
				self::report( 'r2', 'pass' ),
				self::report( 'r1', 'pass', array( 'theme' => 'old@1' ) ),
			)
		);
		$this->assertNotNull( $changes );
		$this->assertSame( array( 'r2', 'r4' ), array( $changes['from']['id'], $changes['to']['id'] ) );
		$this->assertSame(
			array(
				'from' => '6.6',
				'to'   => '6.6.1',
			),
			$changes['wp']
		);
		$this->assertNull( $changes['php'], 'r5 comes after the first failure' );
		$this->assertNull( $changes['theme'] );
		$this->assertSame( 1, $changes['count'] );
	}

	public function test_every_kind_of_change_is_reported(): void {
		$this->store(
			array(
				self::report( 'r1', 'pass' ),
				self::report(
					'r2',
					'fail',
					array(
						'plugins'         => (object) array(
							'akismet/akismet.php'       => '5.3.1',
							'proxy-breaker/breaker.php' => '0.9',
						),
						'theme'           => 'twentytwentyfour@1.3',
						'php'             => '8.3.1',
						'proxyConfigHash' => 'bbbb',
						'htaccessHash'    => 'cccc',
						'muPlugins'       => (object) array(
							'lab-ca.php' => array(
								'version' => '',
								'hash'    => '222222222222',
							),
							'new-mu.php' => array(
								'version' => '1.0',
								'hash'    => '333333333333',
							),
						),
						'dropins'         => (object) array(
							'object-cache.php' => array(
								'version' => '2.0',
								'hash'    => '444444444444',
							),
						),
					)
				),
			)
		);
		$changes = Change_Detector::from_history();
		$this->assertNotNull( $changes );
		$this->assertSame(
			array(
				'added'   => array(
					array(
						'file'    => 'proxy-breaker/breaker.php',
						'version' => '0.9',
					),
				),
				'removed' => array(
					array(
						'file'    => 'hello.php',
						'version' => '1.7.2',
					),
				),
				'updated' => array(
					array(
						'file' => 'akismet/akismet.php',
						'from' => '5.3',
						'to'   => '5.3.1',
					),
				),
			),
			$changes['plugins']
		);
		$this->assertSame( array( 'new-mu.php' ), array_column( $changes['muPlugins']['added'], 'file' ) );
		$this->assertSame(
			array(
				array(
					'file' => 'lab-ca.php',
					'from' => '#111111111111',
					'to'   => '#222222222222',
				),
			),
			$changes['muPlugins']['updated'],
			'an edit without a version bump shows through the hash'
		);
		$this->assertSame( array( 'object-cache.php' ), array_column( $changes['dropins']['added'], 'file' ) );
		$this->assertSame( 'twentytwentyfour@1.3', $changes['theme']['to'] );
		$this->assertSame( '8.3.1', $changes['php']['to'] );
		$this->assertNull( $changes['wp'] );
		$this->assertSame(
			array(
				'from' => 'aaaa',
				'to'   => 'bbbb',
			),
			$changes['proxyConfigHash']
		);
		$this->assertSame(
			array(
				'from' => null,
				'to'   => 'cccc',
			),
			$changes['htaccessHash']
		);
		// 3 plugins + theme + php + proxy + htaccess + 2 mu-plugins + 1 drop-in.
		$this->assertSame( 10, $changes['count'] );

		$this->act_as( 'administrator' );
		$route = rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/changes' ) );
		$this->assertSame( 200, $route->get_status() );
		$this->assertSame( wp_json_encode( $changes ), wp_json_encode( $route->get_data() ) );
		$request = new WP_REST_Request( 'GET', '/proxy-health/v1/evidence' );
		$request->set_query_params( array( 'chains' => false ) );
		$this->assertSame( wp_json_encode( $changes ), wp_json_encode( rest_do_request( $request )->get_data()['changes'] ) );
	}

	public function test_reports_older_than_the_new_fields_do_not_invent_changes(): void {
		$old = self::report( 'r1', 'pass' );
		unset( $old['fingerprint']['muPlugins'], $old['fingerprint']['dropins'] );
		$changes = Change_Detector::between( array( self::report( 'r2', 'fail' ), $old ) );
		$this->assertNotNull( $changes );
		$this->assertNull( $changes['muPlugins'] );
		$this->assertNull( $changes['dropins'] );
		$this->assertSame( 0, $changes['count'] );
	}

	public function test_routes_answer_the_empty_shape_without_a_pair_and_only_to_administrators(): void {
		$this->act_as( 'administrator' );
		$response = rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/changes' ) );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame(
			array(
				'from'            => null,
				'to'              => null,
				'count'           => 0,
				'plugins'         => array(
					'added'   => array(),
					'removed' => array(),
					'updated' => array(),
				),
				'muPlugins'       => null,
				'dropins'         => null,
				'theme'           => null,
				'wp'              => null,
				'php'             => null,
				'proxyConfigHash' => null,
				'htaccessHash'    => null,
			),
			$response->get_data()
		);
		// The answer is a JSON object (a null result would be sent as an empty body).
		$this->assertSame( '{"from":null,"to":null,"count":0,', substr( (string) wp_json_encode( $response->get_data() ), 0, 33 ) );
		// It matches the route's own schema.
		$schema = rest_get_server()->get_route_options( '/proxy-health/v1/changes' )['schema'] ?? null;
		$this->assertIsCallable( $schema );
		$this->assertTrue( rest_validate_value_from_schema( $response->get_data(), call_user_func( $schema ), 'changes' ) );
		// GET /evidence keeps null for "nothing to compare".
		$request = new WP_REST_Request( 'GET', '/proxy-health/v1/evidence' );
		$request->set_query_params( array( 'chains' => false ) );
		$this->assertNull( rest_do_request( $request )->get_data()['changes'] );
		foreach ( array( 'anonymous' => 401, 'editor' => 403 ) as $role => $status ) {
			$this->act_as( $role );
			$this->assertSame( $status, rest_do_request( new WP_REST_Request( 'GET', '/proxy-health/v1/changes' ) )->get_status() );
		}
	}

	public function test_the_fingerprint_lists_must_use_plugins_and_drop_ins_with_hashes(): void {
		$before = Fingerprint::current();
		$this->assertIsObject( $before['muPlugins'] );
		$this->assertIsObject( $before['dropins'] );
		$this->assertFalse( property_exists( $before['muPlugins'], self::MU_FILE ) );
		// The lab runs on SQLite through the db.php drop-in.
		$this->assertTrue( property_exists( $before['dropins'], 'db.php' ) );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{12}$/', $before['dropins']->{'db.php'}['hash'] );

		file_put_contents( WPMU_PLUGIN_DIR . '/' . self::MU_FILE, "<?php\n/**\n * Plugin Name: Changes test\n * Version: 1.0\n */\n" );
		$after = Fingerprint::current();
		$this->assertSame( '1.0', $after['muPlugins']->{self::MU_FILE}['version'] );
		$this->assertSame( substr( hash_file( 'sha256', WPMU_PLUGIN_DIR . '/' . self::MU_FILE ), 0, 12 ), $after['muPlugins']->{self::MU_FILE}['hash'] );
	}
}
