<?php
/**
 * Every configuration check on explicit inputs.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Lint\Config_Check;
use ProxyHealth\Lint\Config_Linter;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;
use ProxyHealth\Lint\Wp_Config_Scan;
use ProxyHealth\Proxy\Proxy_Config;

final class Config_Linter_Test extends TestCase {

	private const PASSWORD = 'canary-Pa55word';

	private const VALID = array(
		'WP_PROXY_HOST'     => 'proxy.test',
		'WP_PROXY_PORT'     => '3128',
		'WP_PROXY_USERNAME' => 'alice',
		'WP_PROXY_PASSWORD' => self::PASSWORD,
	);

	/**
	 * A context from the valid constants with some replaced (null removes one).
	 *
	 * @param array<string, mixed|null> $changes Constant changes.
	 * @param array<string, mixed>      $options siteurl, home, env, wp_config.
	 */
	private static function context( array $changes = array(), array $options = array() ): Lint_Context {
		$constants = array_filter( array_merge( self::VALID, $changes ), static fn( $value ): bool => null !== $value );
		return new Lint_Context(
			Proxy_Config::from_array( $constants ),
			$options['siteurl'] ?? 'http://site.test',
			$options['home'] ?? ( $options['siteurl'] ?? 'http://site.test' ),
			$options['env'] ?? array(),
			$options['wp_config'] ?? null
		);
	}

	/**
	 * @return list<Finding>
	 */
	private static function lint( Lint_Context $context ): array {
		return ( new Config_Linter( Config_Linter::default_checks() ) )->lint( $context );
	}

	/**
	 * @param list<Finding> $findings Findings.
	 * @return array<string, string> Code => severity.
	 */
	private static function codes( array $findings ): array {
		$codes = array();
		foreach ( $findings as $finding ) {
			$codes[ $finding->code() ] = $finding->severity();
		}
		ksort( $codes );
		return $codes;
	}

	/**
	 * A wp-config.php source around a proxy block, placed before or after wp-settings.php.
	 *
	 * @param string $before Lines before the require of wp-settings.php.
	 * @param string $after  Lines after it.
	 */
	private static function wp_config( string $before, string $after = '' ): string {
		return "<?php\n/** Site configuration. */\ndefine( 'DB_NAME', 'wordpress' );\n" . $before
			. "\n/* That's all, stop editing! Happy publishing. */\nif ( ! defined( 'ABSPATH' ) ) {\n\tdefine( 'ABSPATH', __DIR__ . '/' );\n}\nrequire_once ABSPATH . 'wp-settings.php';\n"
			. $after;
	}

	/**
	 * @return array<string, array{0: array<string, mixed|null>, 1: array<string, mixed>, 2: array<string, string>}>
	 */
	public function cases(): array {
		$ok   = array( 'proxy_config_ok' => 'good' );
		$good = self::VALID;
		$defines = "define( 'WP_PROXY_HOST', 'proxy.test' );\ndefine( 'WP_PROXY_PORT', '3128' );\ndefine( 'WP_PROXY_USERNAME', 'alice' );\ndefine( 'WP_PROXY_PASSWORD', '" . self::PASSWORD . "' );\n";
		return array(
			'valid'                                => array( array(), array(), $ok ),
			'port defined as an int'               => array( array( 'WP_PROXY_PORT' => 8080 ), array(), $ok ),
			'no proxy'                             => array( array_fill_keys( array_keys( $good ), null ), array(), array( 'proxy_not_configured' => 'good' ) ),

			'host with http scheme'                => array( array( 'WP_PROXY_HOST' => 'http://proxy.test' ), array(), array( 'proxy_host_has_scheme' => 'recommended' ) ),
			'host with https scheme (cURL here)'   => array( array( 'WP_PROXY_HOST' => 'https://proxy.test' ), array(), array( 'proxy_config_ok' => 'good', 'proxy_host_https_scheme' => 'good' ) ),
			'host with socks scheme (cURL here)'   => array( array( 'WP_PROXY_HOST' => 'SOCKS5://proxy.test' ), array(), array( 'proxy_config_ok' => 'good', 'proxy_host_socks_scheme' => 'good' ) ),
			'host with a scheme no proxy speaks'   => array( array( 'WP_PROXY_HOST' => 'ftp://proxy.test' ), array(), array( 'proxy_host_has_scheme' => 'critical' ) ),
			'env proxy with a socks scheme'        => array( array_fill_keys( array_keys( $good ), null ), array( 'env' => array( self::env( 'https_proxy', 'socks5h://proxy.test:1080' ) ) ), array( 'env_proxy_mismatch' => 'recommended', 'env_proxy_socks_scheme' => 'good' ) ),
			'host with trailing slash'             => array( array( 'WP_PROXY_HOST' => 'proxy.test/' ), array(), array( 'proxy_host_has_path' => 'critical' ) ),
			'host with scheme and path'            => array( array( 'WP_PROXY_HOST' => 'http://proxy.test/proxy' ), array(), array( 'proxy_host_has_path' => 'critical', 'proxy_host_has_scheme' => 'recommended' ) ),
			'host with port'                       => array( array( 'WP_PROXY_HOST' => 'proxy.test:3128' ), array(), array( 'proxy_host_has_port' => 'critical' ) ),
			'host with scheme and port'            => array( array( 'WP_PROXY_HOST' => 'http://proxy.test:3128' ), array(), array( 'proxy_host_has_port' => 'critical', 'proxy_host_has_scheme' => 'recommended' ) ),
			'bracketed IPv6 host'                  => array( array( 'WP_PROXY_HOST' => '[2001:db8::1]' ), array(), $ok ),
			'bracketed IPv6 host with port'        => array( array( 'WP_PROXY_HOST' => '[2001:db8::1]:3128' ), array(), array( 'proxy_host_has_port' => 'critical' ) ),
			'empty host'                           => array( array( 'WP_PROXY_HOST' => '' ), array(), array( 'proxy_host_empty' => 'critical' ) ),

			'port with a colon'                    => array( array( 'WP_PROXY_PORT' => ':3128' ), array(), array( 'proxy_port_invalid' => 'critical' ) ),
			'port as a word'                       => array( array( 'WP_PROXY_PORT' => 'http' ), array(), array( 'proxy_port_invalid' => 'critical' ) ),
			'port zero'                            => array( array( 'WP_PROXY_PORT' => '0' ), array(), array( 'proxy_port_invalid' => 'critical' ) ),
			'port above 65535'                     => array( array( 'WP_PROXY_PORT' => '65536' ), array(), array( 'proxy_port_invalid' => 'critical' ) ),
			'port with a trailing space'           => array( array( 'WP_PROXY_PORT' => '3128 ' ), array(), array( 'proxy_port_invalid' => 'critical' ) ),
			'port 65535'                           => array( array( 'WP_PROXY_PORT' => '65535' ), array(), $ok ),

			'host without port'                    => array( array( 'WP_PROXY_PORT' => null ), array(), array( 'proxy_half_configured' => 'critical' ) ),
			'port without host'                    => array( array( 'WP_PROXY_HOST' => null ), array(), array( 'proxy_half_configured' => 'critical' ) ),

			'username without password'            => array( array( 'WP_PROXY_PASSWORD' => null ), array(), array( 'proxy_credentials_incomplete' => 'critical' ) ),
			'password without username'            => array( array( 'WP_PROXY_USERNAME' => null ), array(), array( 'proxy_credentials_incomplete' => 'critical' ) ),
			'no credentials at all'                => array( array( 'WP_PROXY_USERNAME' => null, 'WP_PROXY_PASSWORD' => null ), array(), $ok ),

			'DOMAIN\\user'                         => array( array( 'WP_PROXY_USERNAME' => 'CORP\\alice' ), array(), array( 'proxy_username_domain_form' => 'recommended' ) ),
			'user@domain'                          => array( array( 'WP_PROXY_USERNAME' => 'alice@corp.test' ), array(), array( 'proxy_username_domain_form' => 'recommended' ) ),
			'colon in the user name'               => array( array( 'WP_PROXY_USERNAME' => 'lab:alice' ), array(), array( 'proxy_username_has_colon' => 'critical' ) ),
			'reserved characters in the password'  => array( array( 'WP_PROXY_PASSWORD' => 'p@ss:/%#? é日本' ), array(), $ok ),
			'backslash eaten into a newline'       => array( array( 'WP_PROXY_USERNAME' => "CORP\nina" ), array(), array( 'proxy_username_domain_form' => 'critical' ) ),
			'double-quoted \\t in wp-config.php'   => array(
				array( 'WP_PROXY_USERNAME' => "CORP\tom" ),
				array( 'wp_config' => self::wp_config( "define( 'WP_PROXY_USERNAME', \"CORP\\tom\" );" ) ),
				array( 'proxy_username_domain_form' => 'critical' ),
			),
			'double-quoted \\\\ in wp-config.php'  => array(
				array( 'WP_PROXY_USERNAME' => 'CORP\\tom' ),
				array( 'wp_config' => self::wp_config( "define( 'WP_PROXY_USERNAME', \"CORP\\\\tom\" );" ) ),
				array( 'proxy_username_domain_form' => 'recommended' ),
			),

			'space before a comma'                 => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'a.test ,b.test' ), array(), array( 'bypass_entry_whitespace' => 'recommended' ) ),
			'space after a comma is fine'          => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'a.test, b.test' ), array(), $ok ),
			'leading space'                        => array( array( 'WP_PROXY_BYPASS_HOSTS' => ' a.test' ), array(), array( 'bypass_entry_whitespace' => 'recommended' ) ),
			'wildcard without its domain'          => array( array( 'WP_PROXY_BYPASS_HOSTS' => '*.example.test' ), array(), array( 'bypass_wildcard_excludes_apex' => 'recommended' ) ),
			'wildcard with its domain'             => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'example.test, *.example.test' ), array(), $ok ),
			'entry with a port'                    => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'localhost, intranet.test:8080' ), array(), array( 'bypass_entry_has_port' => 'recommended' ) ),
			'CIDR range'                           => array( array( 'WP_PROXY_BYPASS_HOSTS' => '10.0.0.0/8' ), array(), array( 'bypass_entry_cidr' => 'recommended' ) ),
			'address wildcard'                     => array( array( 'WP_PROXY_BYPASS_HOSTS' => '10.*, ::1' ), array(), $ok ),
			'capitals without a wildcard'          => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'Intranet.Test' ), array(), array( 'bypass_entry_case' => 'recommended' ) ),
			'capitals with a wildcard in the list' => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'Intranet.Test, *.Intranet.Test' ), array(), $ok ),
			'empty entry'                          => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'a.test,,b.test' ), array(), array( 'bypass_entry_empty' => 'recommended' ) ),
			'trailing comma'                       => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'a.test,' ), array(), array( 'bypass_entry_empty' => 'recommended' ) ),

			'home on another host'                 => array( array(), array( 'siteurl' => 'http://wp.internal.test/wp', 'home' => 'https://www.example.test' ), array( 'site_home_host_mismatch' => 'recommended' ) ),
			'home on another host, bypassed'       => array( array( 'WP_PROXY_BYPASS_HOSTS' => '*.example.test' ), array( 'siteurl' => 'http://wp.internal.test', 'home' => 'https://www.example.test' ), array( 'bypass_wildcard_excludes_apex' => 'recommended' ) ),
			'home on the same host, other scheme'  => array( array(), array( 'siteurl' => 'http://www.example.test', 'home' => 'https://WWW.example.test' ), $ok ),
			'home on another host without proxy'   => array( array_fill_keys( array_keys( $good ), null ), array( 'siteurl' => 'http://a.test', 'home' => 'http://b.test' ), array( 'proxy_not_configured' => 'good' ) ),

			'wp-config.php: constants before wp-settings' => array( array(), array( 'wp_config' => self::wp_config( $defines ) ), $ok ),
			'wp-config.php: constants after wp-settings'  => array( array(), array( 'wp_config' => self::wp_config( '', $defines ) ), array( 'proxy_constants_after_settings' => 'critical' ) ),
			'wp-config.php: commented-out defines after'  => array(
				array(),
				array( 'wp_config' => self::wp_config( $defines, "// define( 'WP_PROXY_HOST', 'old.test' );\n# define( 'WP_PROXY_PORT', '8080' );\n/*\ndefine( 'WP_PROXY_USERNAME', 'bob' );\n*/\n" ) ),
				$ok,
			),
			'wp-config.php: double-quoted define after'   => array( array(), array( 'wp_config' => self::wp_config( '', "define( \"WP_PROXY_HOST\", \"proxy.test\" );\n" ) ), array( 'proxy_constants_after_settings' => 'critical' ) ),
			'wp-config.php: const after'                  => array( array(), array( 'wp_config' => self::wp_config( '', "const WP_PROXY_PORT = 3128;\n" ) ), array( 'proxy_constants_after_settings' => 'critical' ) ),
			'wp-config.php: const before'                 => array( array(), array( 'wp_config' => self::wp_config( "const WP_PROXY_PORT = 3128;\n" ) ), $ok ),
			'wp-config.php: \\define after'               => array( array(), array( 'wp_config' => self::wp_config( '', "\\define( 'WP_PROXY_PASSWORD', '" . self::PASSWORD . "' );\n" ) ), array( 'proxy_constants_after_settings' => 'critical' ) ),
			'wp-config.php: other constants after'        => array( array(), array( 'wp_config' => self::wp_config( $defines, "define( 'WP_DEBUG', false );\n" ) ), $ok ),
			'wp-config.php: string mentions only'         => array( array(), array( 'wp_config' => self::wp_config( $defines, "\$note = 'define( \"WP_PROXY_HOST\", \"x\" )';\n" ) ), $ok ),

			'env proxy equal to WP_PROXY_*'        => array( array(), array( 'env' => array( self::env( 'https_proxy', 'http://alice:[redacted]@proxy.test:3128/' ) ) ), $ok ),
			'env proxy without a port, same host'  => array( array(), array( 'env' => array( self::env( 'http_proxy', 'proxy.test' ) ) ), $ok ),
			'env proxy on another host'            => array( array(), array( 'env' => array( self::env( 'https_proxy', 'http://other.test:3128' ) ) ), array( 'env_proxy_mismatch' => 'recommended' ) ),
			'env proxy on another port'            => array( array(), array( 'env' => array( self::env( 'ALL_PROXY', 'proxy.test:8080', 'server' ) ) ), array( 'env_proxy_mismatch' => 'recommended' ) ),
			'env proxy without WP_PROXY_*'         => array( array_fill_keys( array_keys( $good ), null ), array( 'env' => array( self::env( 'https_proxy', 'http://proxy.test:3128' ) ) ), array( 'env_proxy_mismatch' => 'recommended' ) ),
			'no_proxy unlike the bypass list'      => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'localhost' ), array( 'env' => array( self::env( 'no_proxy', 'localhost,.example.test' ) ) ), array( 'env_proxy_mismatch' => 'recommended' ) ),
			'no_proxy like the bypass list'        => array( array( 'WP_PROXY_BYPASS_HOSTS' => 'localhost, a.test' ), array( 'env' => array( self::env( 'NO_PROXY', 'a.test,localhost' ) ) ), $ok ),
			'no_proxy alone without WP_PROXY_*'    => array( array_fill_keys( array_keys( $good ), null ), array( 'env' => array( self::env( 'no_proxy', 'localhost' ) ) ), array( 'proxy_not_configured' => 'good' ) ),
		);
	}

	/**
	 * @return array{name: string, getenv: string|null, server: string|null}
	 */
	private static function env( string $name, string $value, string $seen_by = 'getenv' ): array {
		return array(
			'name'   => $name,
			'getenv' => 'server' === $seen_by ? null : $value,
			'server' => 'getenv' === $seen_by ? null : $value,
		);
	}

	/**
	 * @dataProvider cases
	 *
	 * @param array<string, mixed|null> $changes  Constant changes.
	 * @param array<string, mixed>      $options  Other inputs.
	 * @param array<string, string>     $expected Code => severity.
	 */
	public function test_findings( array $changes, array $options, array $expected ): void {
		$findings = self::lint( self::context( $changes, $options ) );
		$this->assertSame( $expected, self::codes( $findings ) );

		$json = (string) wp_json_encode( array_map( static fn( Finding $f ): array => $f->to_array(), $findings ) );
		$this->assertStringNotContainsString( self::PASSWORD, $json, 'no finding carries the password' );
		foreach ( $findings as $finding ) {
			$shape = $finding->to_array();
			$this->assertNotSame( '', $shape['title'] );
			$this->assertNotSame( '', $shape['detail'] );
			$this->assertNotEmpty( $shape['evidence'], $finding->code() . ' names its evidence' );
			if ( $finding->is_problem() ) {
				$this->assertNotEmpty( $shape['remedies'], $finding->code() . ' says how to fix it' );
			}
		}
	}

	public function test_late_constants_are_reported_with_their_lines(): void {
		$source   = self::wp_config( "define( 'WP_PROXY_HOST', 'proxy.test' );\n", "define( 'WP_PROXY_PORT', '3128' );\n\ndefine( \"WP_PROXY_USERNAME\", 'alice' );\n" );
		$findings = self::lint( self::context( array(), array( 'wp_config' => $source ) ) );
		$this->assertSame( 'proxy_constants_after_settings', $findings[0]->code() );
		$this->assertSame(
			array(
				'wp-config.php line 10: wp-settings.php is required',
				'wp-config.php line 11: WP_PROXY_PORT is defined (define())',
				'wp-config.php line 13: WP_PROXY_USERNAME is defined (define())',
			),
			$findings[0]->evidence()
		);
		$this->assertStringContainsString( 'WP_PROXY_PORT, WP_PROXY_USERNAME', $findings[0]->to_array()['detail'] );
	}

	public function test_evidence_names_the_wp_config_line_of_a_constant(): void {
		$source   = self::wp_config( "\ndefine( 'WP_PROXY_HOST', 'http://proxy.test' );\n" );
		$findings = self::lint( self::context( array( 'WP_PROXY_HOST' => 'http://proxy.test' ), array( 'wp_config' => $source ) ) );
		$this->assertSame( array( "WP_PROXY_HOST = 'http://proxy.test' (wp-config.php line 5)" ), $findings[0]->evidence() );
	}

	public function test_the_scanner_never_keeps_the_password_literal(): void {
		$scan = Wp_Config_Scan::from_source(
			self::wp_config( "define( 'WP_PROXY_USERNAME', 'alice' );\ndefine( 'WP_PROXY_PASSWORD', '" . self::PASSWORD . "' );\nconst WP_PROXY_PORT = 3128;\n" )
		);
		$this->assertSame( "'alice'", $scan->definition( 'WP_PROXY_USERNAME' )['literal'] ?? null );
		$this->assertSame( '3128', $scan->definition( 'WP_PROXY_PORT' )['literal'] ?? null );
		$this->assertSame( 'const', $scan->definition( 'WP_PROXY_PORT' )['form'] ?? null );
		$password = $scan->definition( 'WP_PROXY_PASSWORD' );
		$this->assertNotNull( $password, 'the password constant is found' );
		$this->assertSame( 5, $password['line'] );
		$this->assertNull( $password['literal'] );
		$this->assertStringNotContainsString( self::PASSWORD, var_export( $scan, true ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export
		$this->assertSame( 12, $scan->settings_line() );
	}

	public function test_a_file_with_a_syntax_error_is_still_scanned(): void {
		$scan = Wp_Config_Scan::from_source( "<?php\ndefine( 'WP_PROXY_HOST', 'proxy.test' )\nrequire_once ABSPATH . 'wp-settings.php';\ndefine( 'WP_PROXY_PORT', '3128' );\n" );
		$this->assertSame( 3, $scan->settings_line() );
		$this->assertSame( array( 'WP_PROXY_HOST', 'WP_PROXY_PORT' ), array_column( $scan->definitions(), 'name' ) );
	}

	public function test_env_values_in_evidence_stay_redacted(): void {
		$findings = self::lint(
			self::context(
				array(),
				array( 'env' => array( self::env( 'https_proxy', 'http://bob:[redacted]@other.test:8080' ) ) )
			)
		);
		$this->assertSame( 'env_proxy_mismatch', $findings[0]->code() );
		$this->assertContains( 'https_proxy = http://bob:[redacted]@other.test:8080 (getenv)', $findings[0]->evidence() );
		$this->assertContains( 'WP_PROXY_HOST:WP_PROXY_PORT = proxy.test:3128', $findings[0]->evidence() );
	}

	public function test_upper_case_http_proxy_is_marked_as_ignored_by_libcurl(): void {
		$findings = self::lint(
			self::context(
				array_fill_keys( array_keys( self::VALID ), null ),
				array( 'env' => array( self::env( 'HTTP_PROXY', 'http://proxy.test:3128' ) ) )
			)
		);
		$this->assertSame( 'env_proxy_mismatch', $findings[0]->code() );
		$this->assertStringContainsString( 'libcurl ignores upper-case HTTP_PROXY', $findings[0]->evidence()[0] );
	}

	public function test_other_plugins_add_checks_through_the_filter(): void {
		$check  = new class() implements Config_Check {
			public function run( Lint_Context $context ): array {
				return array( new Finding( 'acme_proxy_policy', Finding::RECOMMENDED, 'Acme policy', 'Detail', array( 'Fix' ), array( 'Evidence' ) ) );
			}
		};
		$add    = static fn( array $checks ): array => array_merge( $checks, array( $check, 'not a check' ) );
		add_filter( 'proxy_health_config_checks', $add );
		try {
			$codes = self::codes( ( new Config_Linter() )->lint( self::context() ) );
		} finally {
			remove_filter( 'proxy_health_config_checks', $add );
		}
		// A problem from an added check replaces the all-good finding, like a built-in one.
		$this->assertSame( array( 'acme_proxy_policy' => 'recommended' ), $codes );
	}
}
