<?php
/**
 * Proxy credentials for one probe run.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

/**
 * Which username and password a run sends to the proxy, and where they came from.
 *
 * One-off credentials live only in this object for the length of one request: they are never
 * written to an option, a log, a report or a response. The password never leaves Proxy Health:
 * wp_config_lines() writes PASSWORD_PLACEHOLDER where it goes.
 *
 * @since 0.1.0
 */
final class Credentials {

	/** Longest username or password accepted from a request. */
	public const MAX_LENGTH = 256;

	/**
	 * What wp_config_lines() writes instead of the password: part of the REST contract (the
	 * panel, which still holds the password the admin typed, puts it back in the browser).
	 *
	 * Plain words in angle brackets, so it cannot be mistaken for a real password, and lines
	 * pasted without putting the password in read as obviously unfinished in wp-config.php (and
	 * the proxy answers 407 to it, which the checks then report). No quote or backslash, so it
	 * is written inside the quotes exactly as it is here.
	 *
	 * @since 0.2.0
	 */
	public const PASSWORD_PLACEHOLDER = '<the password you tested>';

	/** @var 'one-off'|'wp-config'|'none' */
	private string $source;

	private string $username;

	private string $password;

	private function __construct( string $source, string $username, string $password ) {
		$this->source   = $source;
		$this->username = $username;
		$this->password = $password;
	}

	/**
	 * What WordPress itself sends: WP_PROXY_USERNAME and WP_PROXY_PASSWORD when both are defined.
	 *
	 * @since 0.1.0
	 */
	public static function from_wp_config(): self {
		if ( defined( 'WP_PROXY_USERNAME' ) && defined( 'WP_PROXY_PASSWORD' ) ) {
			return new self( 'wp-config', (string) constant( 'WP_PROXY_USERNAME' ), (string) constant( 'WP_PROXY_PASSWORD' ) );
		}
		return new self( 'none', '', '' );
	}

	/**
	 * Credentials the admin typed for this run; validate them first with problem().
	 *
	 * @since 0.1.0
	 */
	public static function one_off( string $username, string $password ): self {
		return new self( 'one-off', $username, $password );
	}

	/**
	 * Why a submitted pair cannot be used, or null when it can.
	 *
	 * Basic authentication joins the pair with ':' (so a username cannot hold one), and a line
	 * break or NUL would end the header the transports write.
	 *
	 * @since 0.1.0
	 *
	 * @param mixed $value Submitted `credentials` object.
	 */
	public static function problem( $value ): ?string {
		if ( ! is_array( $value ) || ! isset( $value['username'], $value['password'] ) || ! is_string( $value['username'] ) || ! is_string( $value['password'] ) ) {
			return __( 'credentials must be an object with a username and a password, both strings.', 'proxy-health' );
		}
		if ( '' === $value['username'] ) {
			return __( 'credentials.username must not be empty.', 'proxy-health' );
		}
		foreach ( array( 'username', 'password' ) as $field ) {
			if ( strlen( $value[ $field ] ) > self::MAX_LENGTH ) {
				/* translators: 1: field name, 2: maximum length. */
				return sprintf( __( 'credentials.%1$s must be at most %2$d characters long.', 'proxy-health' ), $field, self::MAX_LENGTH );
			}
			if ( preg_match( '/[\r\n\0]/', $value[ $field ] ) ) {
				/* translators: %s: field name. */
				return sprintf( __( 'credentials.%s must not contain line breaks or NUL characters.', 'proxy-health' ), $field );
			}
		}
		if ( false !== strpos( $value['username'], ':' ) ) {
			return __( 'credentials.username must not contain ":" (Basic authentication uses it to separate the username from the password).', 'proxy-health' );
		}
		return null;
	}

	/**
	 * @return 'one-off'|'wp-config'|'none'
	 */
	public function source(): string {
		return $this->source;
	}

	public function is_set(): bool {
		return 'none' !== $this->source;
	}

	public function username(): string {
		return $this->username;
	}

	/**
	 * The password, for the transport only.
	 */
	public function password(): string {
		return $this->password;
	}

	/**
	 * Which parts cURL would change: WordPress passes "user:password" as CURLOPT_PROXYUSERPWD,
	 * which libcurl URL-decodes, so "%41" reaches the proxy as "A" (fsockopen sends it as written).
	 * Answers 'username', 'password' or both, never a value.
	 *
	 * @since 0.2.0
	 *
	 * @return list<string>
	 */
	public function curl_decoded_parts(): array {
		$parts = array();
		foreach ( array( 'username' => $this->username, 'password' => $this->password ) as $part => $value ) {
			if ( 1 === preg_match( '/%[0-9A-Fa-f]{2}/', $value ) ) {
				$parts[] = $part;
			}
		}
		return $parts;
	}

	/**
	 * Whether this pair differs from what wp-config.php defines.
	 */
	public function differs_from_wp_config(): bool {
		$config = self::from_wp_config();
		return ! $config->is_set() || ! hash_equals( $config->username . "\0" . $config->password, $this->username . "\0" . $this->password );
	}

	/**
	 * The wp-config.php lines that would make WordPress send these credentials, with
	 * PASSWORD_PLACEHOLDER where the password goes: the password never leaves Proxy Health,
	 * not even to the admin who has just typed it. The username line is real (a username is
	 * not a secret), escaped for a PHP single-quoted string. The caller that holds the password
	 * (the panel) replaces the placeholder, escaping the password the way php_quote() does.
	 * The lines go only into the live POST /probes response, never into history (History
	 * strips them) or a log.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string>
	 */
	public function wp_config_lines(): array {
		return array(
			sprintf( "define( 'WP_PROXY_USERNAME', '%s' );", self::php_quote( $this->username ) ),
			sprintf( "define( 'WP_PROXY_PASSWORD', '%s' );", self::PASSWORD_PLACEHOLDER ),
		);
	}

	/**
	 * Escapes a value for a PHP single-quoted string: only \ and ' are special there.
	 */
	private static function php_quote( string $value ): string {
		return str_replace( array( '\\', "'" ), array( '\\\\', "\\'" ), $value );
	}
}
