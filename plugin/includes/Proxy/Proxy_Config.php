<?php
/**
 * The outbound proxy configuration as WordPress will use it.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Proxy;

/**
 * A read-only view of WP_PROXY_* that never carries the password itself.
 *
 * WordPress builds its proxy from these constants in WP_HTTP_Proxy: the proxy is on only when
 * both host and port are defined, and credentials are sent only when both username and password
 * are defined. This object keeps the same rules so the report says what WordPress will do.
 *
 * @since 0.1.0
 *
 * @phpstan-type ProxyConfigShape array{
 *   enabled: bool,
 *   host: string|null,
 *   port: string|null,
 *   username: string|null,
 *   hasPassword: bool,
 *   authEnabled: bool,
 *   bypassHosts: list<string>|null,
 *   sources: array<string, 'constant'|'unset'>
 * }
 */
final class Proxy_Config {

	/** Names of the constants WordPress reads, keyed by the field they fill. */
	public const CONSTANTS = array(
		'host'        => 'WP_PROXY_HOST',
		'port'        => 'WP_PROXY_PORT',
		'username'    => 'WP_PROXY_USERNAME',
		'password'    => 'WP_PROXY_PASSWORD',
		'bypassHosts' => 'WP_PROXY_BYPASS_HOSTS',
	);

	/**
	 * Raw constant values except the password, which is reduced to whether it is set.
	 *
	 * @var array<string, string|null>
	 */
	private array $values;

	private bool $has_password;

	/**
	 * @param array<string, mixed> $constants Constant name => value for the defined ones.
	 */
	private function __construct( array $constants ) {
		$this->values = array();
		foreach ( self::CONSTANTS as $field => $name ) {
			if ( 'password' === $field ) {
				continue;
			}
			$this->values[ $field ] = array_key_exists( $name, $constants ) ? self::stringify( $constants[ $name ] ) : null;
		}
		$this->has_password = array_key_exists( self::CONSTANTS['password'], $constants );
	}

	/**
	 * Reads the constants defined in this request.
	 *
	 * @since 0.1.0
	 */
	public static function from_constants(): self {
		$defined = array();
		foreach ( self::CONSTANTS as $name ) {
			if ( defined( $name ) ) {
				$defined[ $name ] = constant( $name );
			}
		}
		return new self( $defined );
	}

	/**
	 * Builds a configuration from explicit values (tests, one-off credentials).
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $constants Constant name => value.
	 */
	public static function from_array( array $constants ): self {
		return new self( $constants );
	}

	/**
	 * Whether WordPress will send requests through a proxy at all.
	 */
	public function is_enabled(): bool {
		return null !== $this->values['host'] && null !== $this->values['port'];
	}

	/**
	 * Whether WordPress will send credentials to the proxy.
	 */
	public function uses_authentication(): bool {
		return null !== $this->values['username'] && $this->has_password;
	}

	/**
	 * The public shape used by REST, the panel and the CLI. The password is never part of it.
	 *
	 * @since 0.1.0
	 *
	 * @return ProxyConfigShape
	 */
	public function to_array(): array {
		$sources = array();
		foreach ( array_keys( self::CONSTANTS ) as $field ) {
			$is_set           = 'password' === $field ? $this->has_password : null !== $this->values[ $field ];
			$sources[ $field ] = $is_set ? 'constant' : 'unset';
		}
		return array(
			'enabled'     => $this->is_enabled(),
			'host'        => $this->values['host'],
			'port'        => $this->values['port'],
			'username'    => $this->values['username'],
			'hasPassword' => $this->has_password,
			'authEnabled' => $this->uses_authentication(),
			'bypassHosts' => null === $this->values['bypassHosts'] ? null : Bypass_List::split( $this->values['bypassHosts'] ),
			'sources'     => $sources,
		);
	}

	/**
	 * Constants may be defined as ints (a port) or bools by mistake; report them as WordPress
	 * would see them when it concatenates them into a URL.
	 *
	 * @param mixed $value Constant value.
	 */
	private static function stringify( $value ): string {
		if ( is_bool( $value ) ) {
			return $value ? '1' : '';
		}
		return is_scalar( $value ) ? (string) $value : '';
	}
}
