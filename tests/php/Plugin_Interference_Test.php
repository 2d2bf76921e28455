<?php
/**
 * plugin_interference: a callback that breaks WordPress's proxy requests is named with file:line
 * and what it changed, never with a credential remedy; and diagnoses that the evidence decides
 * are exclusive (a Negotiate-only proxy is not also "credentials rejected").
 *
 * The probe tests run against the lab's real squid with the right password as one-off
 * credentials (wp-config.php holds a wrong one in this lab) and a callback of this file on
 * WordPress's hooks, removed again after each test.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Diagnosis\Diagnoser;
use ProxyHealth\Diagnosis\Probe_Report;
use ProxyHealth\Probe\Credentials;
use ProxyHealth\Proxy\Proxy_Config;

final class Plugin_Interference_Test extends TestCase {

	/** The credential remedy of proxy_auth_rejected, which must not show when credentials work. */
	private const CREDENTIAL_REMEDY = 'Check WP_PROXY_USERNAME and WP_PROXY_PASSWORD';

	/** @var list<array{0: string, 1: callable, 2: int}> */
	private array $added = array();

	protected function tearDown(): void {
		foreach ( $this->added as list( $hook, $callback, $priority ) ) {
			remove_filter( $hook, $callback, $priority );
		}
		$this->added = array();
		parent::tearDown();
	}

	private function hook( string $hook, callable $callback, int $priority = 20, int $args = 1 ): void {
		add_filter( $hook, $callback, $priority, $args );
		$this->added[] = array( $hook, $callback, $priority );
	}

	/**
	 * @param array<string, mixed> $overrides Fields of the result.
	 * @return array<string, mixed>
	 */
	private static function result( array $overrides ): array {
		return $overrides + array(
			'target'    => 'http://127.0.0.2/',
			'method'    => 'GET',
			'transport' => 'curl',
			'viaProxy'  => true,
			'outcome'   => 'ok',
			'timingsMs' => array( 'total' => 1.0 ),
		);
	}

	/**
	 * @param list<array<string, mixed>> $results Results.
	 * @param array<string, mixed>       $context Diagnoser context.
	 * @return array<string, array<string, mixed>> Diagnoses by code.
	 */
	private static function diagnose( array $results, array $context = array() ): array {
		$config    = Proxy_Config::from_array(
			array(
				'WP_PROXY_HOST'     => '127.0.0.1',
				'WP_PROXY_PORT'     => '3128',
				'WP_PROXY_USERNAME' => 'alice',
				'WP_PROXY_PASSWORD' => 'irrelevant',
			)
		);
		$diagnoses = ( new Diagnoser() )->diagnose( $results, $config, $context + array( 'wordpressTransport' => 'curl' ) );
		return array_column( $diagnoses, null, 'code' );
	}

	/**
	 * @param array<string, array<string, mixed>> $by_code Diagnoses by code.
	 */
	private function assertNoCredentialRemedy( array $by_code ): void {
		foreach ( $by_code as $diagnosis ) {
			foreach ( $diagnosis['remedies'] as $remedy ) {
				$this->assertStringNotContainsString( self::CREDENTIAL_REMEDY, $remedy );
			}
		}
	}

	/**
	 * An Interference_Finder finding, as it reports a plugin's http_api_curl callback.
	 *
	 * @return array<string, mixed>
	 */
	private static function finding(): array {
		return array(
			'transport' => 'curl',
			'outcome'   => 'proxy_auth_required',
			'target'    => 'http://127.0.0.2/',
			'hook'      => 'http_api_curl',
			'callback'  => '{closure}',
			'owner'     => array(
				'type' => 'plugin',
				'slug' => 'corp-connector',
				'file' => 'plugins/corp-connector/includes/proxy.php',
				'line' => 42,
			),
			'name'      => 'Corp Connector',
			'candidate' => 'corp-connector/corp-connector.php',
			'changed'   => array( 'password' ),
		);
	}

	public function test_a_callback_shown_responsible_is_named_with_file_line_instead_of_credentials_rejected(): void {
		$results = array(
			self::result( array( 'outcome' => 'proxy_auth_required', 'httpStatus' => 407, 'proxyAuthOffered' => array( 'Basic' ) ) ),
			self::result( array( 'target' => 'https://127.0.0.3/', 'outcome' => 'proxy_auth_required', 'connectStatus' => 407 ) ),
			self::result( array( 'transport' => 'fsockopen' ) ),
		);
		$by_code = self::diagnose( $results, array( 'interference' => array( self::finding() ) ) );

		$this->assertSame( array( 'plugin_interference' ), array_keys( $by_code ), 'exclusive: not also proxy_auth_rejected' );
		$diagnosis = $by_code['plugin_interference'];
		$this->assertSame( 'critical', $diagnosis['severity'] );
		$this->assertStringContainsString( 'Corp Connector (plugin) changes the proxy password in its http_api_curl callback at plugins/corp-connector/includes/proxy.php:42', $diagnosis['detail'] );
		$this->assertStringContainsString( 'HTTP hooks first, corp-connector/corp-connector.php among them', implode( "\n", $diagnosis['remedies'] ) );
		$this->assertStringContainsString( 'Deactivate Corp Connector', $diagnosis['remedies'][0] );
		$this->assertSame( 'plugins/corp-connector/includes/proxy.php', $diagnosis['culprits'][0]['file'] );
		$this->assertSame( 42, $diagnosis['culprits'][0]['line'] );
		$this->assertSame( array( 'password' ), $diagnosis['culprits'][0]['changed'] );
		$this->assertSame( 'corp-connector/corp-connector.php', $diagnosis['culprits'][0]['suspect'] );
		$this->assertCount( 2 + 1, $diagnosis['evidence'], 'the callback, then both failing requests' );
		$this->assertNoCredentialRemedy( $by_code );
		$this->assertSame( 'fail', Diagnoser::verdict( array_values( $by_code ) ) );
	}

	public function test_the_other_transport_getting_through_with_the_same_values_rules_out_the_credentials(): void {
		$results = array(
			self::result( array( 'outcome' => 'proxy_auth_required', 'httpStatus' => 407, 'proxyAuthOffered' => array( 'Basic' ) ) ),
			self::result( array( 'transport' => 'fsockopen' ) ),
		);
		$by_code = self::diagnose( $results );
		$this->assertSame( array( 'plugin_interference' ), array_keys( $by_code ) );
		$this->assertStringContainsString( 'The fsockopen transport got through the proxy with the values in wp-config.php and the curl transport did not', $by_code['plugin_interference']['detail'] );
		$this->assertArrayNotHasKey( 'culprits', $by_code['plugin_interference'] );
		$this->assertNoCredentialRemedy( $by_code );

		// Both transports refused: the credentials are what the evidence points at.
		$results[1] = self::result( array( 'transport' => 'fsockopen', 'outcome' => 'proxy_auth_required', 'httpStatus' => 407, 'proxyAuthOffered' => array( 'Basic' ) ) );
		$this->assertSame( array( 'proxy_auth_rejected' ), array_keys( self::diagnose( $results ) ) );
	}

	public function test_a_negotiate_only_proxy_is_a_scheme_problem_and_never_also_credentials_rejected(): void {
		$results = array(
			self::result( array( 'outcome' => 'proxy_auth_required', 'httpStatus' => 407, 'proxyAuthOffered' => array( 'Negotiate' ) ) ),
			// cURL's CONNECT error carries no challenge; it met the same proxy.
			self::result( array( 'target' => 'https://127.0.0.3/', 'outcome' => 'proxy_auth_required', 'connectStatus' => 407 ) ),
			self::result( array( 'transport' => 'fsockopen', 'outcome' => 'proxy_auth_required', 'httpStatus' => 407, 'proxyAuthOffered' => array( 'Negotiate' ) ) ),
		);
		$by_code = self::diagnose( $results );
		$this->assertSame( array( 'proxy_auth_scheme_unsupported' ), array_keys( $by_code ) );
		$this->assertStringContainsString( 'offers only Negotiate (Kerberos)', $by_code['proxy_auth_scheme_unsupported']['detail'] );
		$this->assertNoCredentialRemedy( $by_code );

		// Negotiate next to a scheme cURL answers with a password: a rejection is possible again.
		$results[0]['proxyAuthOffered'] = array( 'Negotiate', 'NTLM' );
		$this->assertArrayHasKey( 'proxy_auth_rejected', self::diagnose( $results ) );
	}

	/**
	 * One-off credentials the lab's squid accepts (wp-config.php has a wrong password here).
	 */
	private static function right_credentials(): Credentials {
		$password = getenv( 'PROXY_HEALTH_LAB_RIGHT_PASSWORD' );
		if ( false === $password || '' === $password ) {
			self::markTestSkipped( 'Needs the lab (tests/run-php.ts).' );
		}
		return Credentials::one_off( 'lab-user', (string) $password );
	}

	private static function http_target(): string {
		return (string) getenv( 'PROXY_HEALTH_LAB_HTTP_TARGET' );
	}

	/**
	 * @param array<string, mixed> $report ProbeReport.
	 * @return array<string, array<string, mixed>>
	 */
	private static function by_code( array $report ): array {
		return array_column( $report['diagnoses'], null, 'code' );
	}

	public function test_a_real_http_api_curl_override_is_named_by_the_first_run(): void {
		$credentials = self::right_credentials();
		$line        = __LINE__ + 3;
		$this->hook(
			'http_api_curl',
			static function ( $handle ): void {
				curl_setopt( $handle, CURLOPT_PROXYUSERPWD, 'lab-user:not-the-password' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- the interference under test.
			}
		);
		$report = ( new Probe_Report() )->run( array( self::http_target() ), array( 'curl', 'fsockopen' ), $credentials );

		$this->assertSame( array( 'proxy_auth_required', 'ok' ), array_column( $report['results'], 'outcome' ), 'squid refused cURL only' );
		$by_code = self::by_code( $report );
		$this->assertArrayHasKey( 'plugin_interference', $by_code );
		$this->assertArrayNotHasKey( 'proxy_auth_rejected', $by_code );
		$culprit = $by_code['plugin_interference']['culprits'][0];
		$this->assertSame( 'http_api_curl', $culprit['hook'] );
		$this->assertSame( realpath( __FILE__ ), realpath( (string) $culprit['file'] ) );
		$this->assertSame( $line, $culprit['line'] );
		$this->assertSame( array( 'password' ), $culprit['changed'], 'same user, other password: what cURL sent, compared' );
		$this->assertStringContainsString( basename( __FILE__ ) . ':' . $line, $by_code['plugin_interference']['detail'] );
		$this->assertStringNotContainsString( 'not-the-password', (string) wp_json_encode( $report ) );
		$this->assertStringNotContainsString( (string) getenv( 'PROXY_HEALTH_LAB_RIGHT_PASSWORD' ), (string) wp_json_encode( $report ) );
		$this->assertNoCredentialRemedy( $by_code );
	}

	public function test_a_real_stale_proxy_authorization_header_from_http_request_args_is_named(): void {
		$credentials = self::right_credentials();
		$line        = __LINE__ + 3;
		$this->hook(
			'http_request_args',
			static function ( array $args ): array {
				$args['headers']['Proxy-Authorization'] = 'Basic ' . base64_encode( 'lab-user:stale-password' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions -- Basic auth is base64.
				return $args;
			}
		);
		$report = ( new Probe_Report() )->run( array( self::http_target() ), array( 'curl', 'fsockopen' ), $credentials );

		$this->assertSame( array( 'ok', 'proxy_auth_required' ), array_column( $report['results'], 'outcome' ), 'fsockopen sends the plugin\'s header first' );
		$diagnosis = self::by_code( $report )['plugin_interference'] ?? null;
		$this->assertNotNull( $diagnosis );
		$culprit = $diagnosis['culprits'][0];
		$this->assertSame( array( 'http_request_args', $line, array( 'password' ), array( 'fsockopen' ) ), array( $culprit['hook'], $culprit['line'], $culprit['changed'], $culprit['transports'] ) );
		$this->assertSame( 'good', $diagnosis['severity'], 'only the fallback transport is affected and cURL works' );
		$this->assertNoCredentialRemedy( self::by_code( $report ) );
	}

	public function test_a_callback_that_sends_requests_around_the_proxy_is_named(): void {
		$credentials = self::right_credentials();
		// The target answers only through the proxy: a closed port on the lab's target address
		// stands for a network that lets no direct connection out.
		$direct_only = 'http://127.0.0.2:9/';
		$this->hook( 'pre_http_send_through_proxy', static fn( $send, string $uri ) => 0 === strpos( $uri, $direct_only ) ? false : $send, 20, 2 );
		$report = ( new Probe_Report() )->run( array( $direct_only ), array( 'curl' ), $credentials );

		$this->assertFalse( $report['results'][0]['viaProxy'] );
		$this->assertSame( 'connect_failed', $report['results'][0]['outcome'] );
		// Through the proxy the same URL fails too (squid cannot reach the port): nothing to blame.
		$this->assertArrayNotHasKey( 'plugin_interference', self::by_code( $report ) );
	}
}
