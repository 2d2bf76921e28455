<?php
/**
 * The plugin's static scan (Scan\Site_Scanner over PHP's tokenizer) against the real fixture
 * plugins, its parity with the CLI's php-parser scan on the same folder, and GET /scan.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Bisection\Suspect_Order;
use ProxyHealth\Bisection\Theme_Candidate;
use ProxyHealth\Scan\Pattern_Finder;
use ProxyHealth\Scan\Site_Scanner;

final class Scan_Test extends Rest_Test_Case {

	private const ROUTE = '/proxy-health/v1/scan';

	private static function fixtures(): string {
		return (string) realpath( dirname( __DIR__ ) . '/fixtures/plugins' );
	}

	/**
	 * Every fixture plugin folder as a plugin component, as `proxy-health scan` sees them.
	 *
	 * @return list<array<string, mixed>>
	 */
	private static function fixture_components(): array {
		$components = array();
		foreach ( (array) scandir( self::fixtures() ) as $entry ) {
			if ( is_dir( self::fixtures() . '/' . $entry ) && '.' !== $entry[0] ) {
				$components[] = Site_Scanner::component( 'plugin', (string) $entry, self::fixtures(), 'plugins', (string) $entry, false );
			}
		}
		return $components;
	}

	public function test_ranks_the_fixture_plugins_with_codes_and_file_lines(): void {
		$report = ( new Site_Scanner() )->scan( self::fixture_components() );
		$this->assertSame( array(), $report['problems'] );
		$this->assertFalse( $report['truncated'] );
		$known = array( 'proxy-interference', 'bisect-bad-proxy-auth', 'bisect-pair-trigger', 'bisect-request-args-auth', 'scan-raw-curl-proxy', 'bisect-pre-http-407', 'bisect-quiet-b' );
		$slugs = array_column( $report['suspects'], 'slug' );
		// Other fixtures may join the folder; these keep their rank among themselves.
		$this->assertSame( $known, array_values( array_intersect( $slugs, $known ) ) );
		$this->assertNotContains( 'bisect-quiet-a', $slugs, 'no pattern in it' );
		$this->assertNotContains( 'bisect-slow-load', $slugs, 'no pattern in it' );
		$by_slug = array_column( $report['suspects'], null, 'slug' );
		$top     = $by_slug['proxy-interference'];
		$this->assertSame( 25, $top['score'], '9 + 9 + 7, no repeats' );
		$this->assertSame(
			array(
				'code'   => 'curl_proxy_option',
				'weight' => 9,
				'file'   => 'plugins/proxy-interference/proxy-interference.php',
				'line'   => 23,
				'detail' => 'curl_setopt( CURLOPT_PROXYAUTH )',
			),
			$top['hits'][0]
		);
		$this->assertSame( array( 'proxy_authorization_header', 'hook_http_request_args' ), array_column( $by_slug['bisect-request-args-auth']['hits'], 'code' ) );
	}

	public function test_finds_every_pattern_kind_without_running_the_code(): void {
		$source = <<<'PHP'
<?php
namespace Vendor;
use GuzzleHttp\Client as Http, Other\Thing;
$f = function () use ( $x ) { return Thing::class; };
\define( 'WP_PROXY_' . 'HOST', 'proxy.example' );
add_filter( 'pre_http_send_through_proxy', '__return_false' );
$c = new Http();
$d = new \GuzzleHttp\Client();
$h->curl_setopt( $h, CURLOPT_PROXY, 1 );
curl_setopt_array( $h, array( CURLOPT_PROXY => 'p', CURLOPT_PROXYUSERPWD => "$u:$p", CURLOPT_URL => 'x' ) );
$ctx = stream_context_create( array( 'http' => array( 'proxy' => 'tcp://p:3128', 'header' => "Proxy-Authorization: Basic $t" ) ) );
curl_init();
exit( 'never run' );
PHP;
		$hits = ( new Pattern_Finder() )->find( $source );
		$this->assertSame(
			array(
				array( 'defines_wp_proxy_constant', 5, "define( 'WP_PROXY_HOST' )" ),
				array( 'hook_pre_http_send_through_proxy', 6, "add_filter( 'pre_http_send_through_proxy' )" ),
				array( 'guzzle_client', 7, 'new Http bypasses the WordPress HTTP API' ),
				array( 'guzzle_client', 8, 'new GuzzleHttp\Client bypasses the WordPress HTTP API' ),
				array( 'curl_proxy_option', 10, 'curl_setopt_array( CURLOPT_PROXY, CURLOPT_PROXYUSERPWD )' ),
				array( 'stream_context_proxy', 11, 'stream_context_create() with proxy' ),
				array( 'proxy_authorization_header', 11, 'hand-built Proxy-Authorization header' ),
				array( 'raw_curl', 12, 'curl_init() bypasses the WordPress HTTP API' ),
			),
			array_map( static fn( array $hit ): array => array( $hit['code'], $hit['line'], $hit['detail'] ), $hits )
		);
	}

	public function test_unparsable_and_oversized_files_are_problems_never_fatal_and_paths_stay_relative(): void {
		$dir = sys_get_temp_dir() . '/ph-scan-' . wp_generate_password( 8, false );
		mkdir( $dir . '/broken', 0700, true );
		file_put_contents( $dir . '/broken/a-broken.php', "<?php\nfunction ( {\n" );
		file_put_contents( $dir . '/broken/b-large.php', '<?php curl_init(); // ' . str_repeat( 'x', 200 ) );
		file_put_contents( $dir . '/broken/c-ok.php', "<?php\n\nadd_action( 'http_api_curl', 'f' );\n" );
		try {
			$report = ( new Site_Scanner( null, 100 ) )->scan( array( Site_Scanner::component( 'plugin', 'broken', $dir, 'plugins', 'broken', false ) ) );
		} finally {
			array_map( 'unlink', (array) glob( $dir . '/broken/*.php' ) );
			rmdir( $dir . '/broken' );
			rmdir( $dir );
		}
		$this->assertSame( 3, $report['filesScanned'] );
		$this->assertSame( array( 'parse_error', 'too_large' ), array_column( $report['problems'], 'reason' ) );
		$this->assertSame( array( 'plugins/broken/a-broken.php', 'plugins/broken/b-large.php' ), array_column( $report['problems'], 'file' ) );
		$this->assertSame( 2, $report['problems'][0]['line'] );
		$this->assertSame( 'plugins/broken/c-ok.php', $report['suspects'][0]['hits'][0]['file'] );
		$this->assertSame( 3, $report['suspects'][0]['hits'][0]['line'] );
		$this->assertStringNotContainsString( $dir, (string) wp_json_encode( $report ) );
	}

	public function test_parse_errors_never_quote_the_files_strings(): void {
		$dir = sys_get_temp_dir() . '/ph-scan-' . wp_generate_password( 8, false );
		mkdir( $dir, 0700 );
		file_put_contents( $dir . '/leaky.php', "<?php\ncurl_setopt( \$h, CURLOPT_PROXYUSERPWD, 'user:' 'hunter2\"secret' );\n" );
		try {
			$report = ( new Site_Scanner() )->scan( array( Site_Scanner::component( 'mu-plugin', 'leaky', $dir, 'mu-plugins', 'leaky.php', true ) ) );
		} finally {
			unlink( $dir . '/leaky.php' );
			rmdir( $dir );
		}
		$this->assertSame( 'parse_error', $report['problems'][0]['reason'] );
		$this->assertSame( 'mu-plugins/leaky.php', $report['problems'][0]['file'] );
		$this->assertSame( 'syntax error, unexpected single-quoted string "…", expecting ")"', $report['problems'][0]['message'] );
		$this->assertSame( 'syntax error, unexpected token "{", expecting variable', Site_Scanner::without_literals( 'syntax error, unexpected token "{", expecting variable' ) );
	}

	public function test_stops_at_the_file_bound(): void {
		$report = ( new Site_Scanner( 3 ) )->scan( self::fixture_components() );
		$this->assertTrue( $report['truncated'] );
		$this->assertSame( 3, $report['filesScanned'] );
	}

	/**
	 * The same fixture folder through the CLI's scan (scanWordPress, php-parser, run from the
	 * TypeScript sources) and through the plugin (PHP's tokenizer): the same suspects, scores,
	 * hits and problems.
	 */
	public function test_parity_with_the_cli_scan_on_the_same_folder(): void {
		$root = sys_get_temp_dir() . '/ph-scan-parity-' . wp_generate_password( 8, false );
		mkdir( $root . '/wp-content', 0700, true );
		symlink( self::fixtures(), $root . '/wp-content/plugins' );
		$repo = dirname( __DIR__, 2 );
		try {
			$output = shell_exec( 'cd ' . escapeshellarg( $repo ) . ' && node_modules/.bin/tsx tests/php/support/ts-scan.ts ' . escapeshellarg( $root ) . ' 2>&1' );
		} finally {
			unlink( $root . '/wp-content/plugins' );
			rmdir( $root . '/wp-content' );
			rmdir( $root );
		}
		$cli = json_decode( (string) $output, true );
		$this->assertIsArray( $cli, (string) $output );
		$normal = static fn( array $suspects ): array => array_map(
			static fn( array $suspect ): array => array(
				'type'  => $suspect['type'],
				'slug'  => $suspect['slug'],
				'score' => $suspect['score'],
				'hits'  => array_map(
					static fn( array $hit ): string => sprintf( '%s %d %s:%d %s', $hit['code'], $hit['weight'], preg_replace( '#^wp-content/#', '', $hit['file'] ), $hit['line'], $hit['detail'] ),
					$suspect['hits']
				),
			),
			$suspects
		);
		$php = ( new Site_Scanner() )->scan( self::fixture_components() );
		$this->assertNotEmpty( $php['suspects'] );
		$this->assertSame( $normal( $cli['suspects'] ), $normal( $php['suspects'] ) );
		$this->assertSame( $cli['problems'], $php['problems'] );
		$this->assertSame( $cli['filesScanned'], $php['filesScanned'] );
	}

	public function test_the_client_list_comes_first_then_the_scans_plugins(): void {
		$plugins = array( 'a/a.php', 'b/b.php', 'c.php', 'd/d.php' );
		$scan    = array(
			array(
				'type' => 'theme',
				'slug' => 'a',
			),
			array(
				'type' => 'plugin',
				'slug' => 'd',
			),
			array(
				'type' => 'plugin',
				'slug' => 'c',
			),
			array(
				'type' => 'plugin',
				'slug' => 'not-active',
			),
		);
		$this->assertSame( array( 'b/b.php', 'd/d.php', 'c.php' ), Suspect_Order::with_scan( $plugins, array( 'b/b.php', 'd/d.php' ), $scan ) );
	}

	public function test_a_scanned_theme_ranks_the_theme_candidate(): void {
		$theme   = Theme_Candidate::id( get_stylesheet() );
		$plugins = array( 'a/a.php', $theme );
		$scan    = array(
			array(
				'type' => 'theme',
				'slug' => get_template(),
			),
			array(
				'type' => 'plugin',
				'slug' => 'a',
			),
		);
		$this->assertSame( array( $theme, 'a/a.php' ), Suspect_Order::with_scan( $plugins, array(), $scan ) );
		$this->assertSame( array( 'a/a.php' ), Suspect_Order::with_scan( $plugins, array(), array( array( 'type' => 'theme', 'slug' => 'not-this-one' ), $scan[1] ) ) );
	}

	public function test_route_scans_the_sites_own_code_for_administrators_only(): void {
		$this->act_as( 'administrator' );
		$this->assertSame( 'proxy-health-scan', $this->dispatch( 'OPTIONS', self::ROUTE )->get_data()['schema']['title'] );
		$response = $this->dispatch( 'GET', self::ROUTE );
		$this->assertSame( 200, $response->get_status() );
		$report = $response->get_data();
		$this->assertSame( array( 'suspects', 'problems', 'filesScanned', 'truncated', 'elapsedMs' ), array_keys( $report ) );
		// The lab's CA must-use plugin adds an http_request_args filter; Proxy Health itself is left out.
		$lab_ca = array_values( array_filter( $report['suspects'], static fn( array $s ): bool => 'mu-plugin' === $s['type'] && 'proxy-health-lab-ca' === $s['slug'] ) );
		$this->assertCount( 1, $lab_ca );
		$this->assertSame( 'hook_http_request_args', $lab_ca[0]['hits'][0]['code'] );
		$this->assertSame( 'mu-plugins/proxy-health-lab-ca.php', $lab_ca[0]['hits'][0]['file'] );
		$this->assertNotContains( 'proxy-health', array_column( $report['suspects'], 'slug' ) );
		$json = (string) wp_json_encode( $report );
		$this->assertStringNotContainsString( wp_normalize_path( WP_CONTENT_DIR ), wp_normalize_path( $json ) );
		$this->assertStringNotContainsString( (string) getenv( 'PROXY_HEALTH_CANARY' ), $json );

		$this->act_as( 'editor' );
		$forbidden = $this->dispatch( 'GET', self::ROUTE );
		$this->assertSame( 403, $forbidden->get_status() );
		$this->assertSame( 'rest_forbidden', $forbidden->get_data()['code'] );
		$this->act_as( 'anonymous' );
		$this->assertSame( 401, $this->dispatch( 'GET', self::ROUTE )->get_status() );
	}
}
