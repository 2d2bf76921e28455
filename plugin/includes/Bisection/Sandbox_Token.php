<?php
/**
 * Signed, single-use, short-lived tokens that let one request run in the sandbox.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * A token is base64url(JSON claims) "." base64url(HMAC-SHA256). Claims: bisection id, step,
 * hash of the clone prefix and subset, expiry (at most 60 s ahead) and a random nonce.
 *
 * Single use: issuing inserts a row named after the nonce into the options table; using it
 * deletes that row, and only the request whose DELETE removed it (rows affected = 1) may
 * proceed. A replay, a forged signature or an expired token is refused.
 *
 * The key is derived from the same secrets as wp_salt( 'auth' ). wp_salt() is pluggable and not
 * loaded yet when the must-use sandbox runs, so Sandbox_Token::salt() mirrors it (a test checks
 * both agree).
 *
 * @since 0.1.0
 */
final class Sandbox_Token {

	public const LIFETIME = 60;

	/** Prefix of the rows that hold issued, unused nonces. */
	public const NONCE_OPTION_PREFIX = 'proxy_health_sbx_';

	/** Default phrase in wp-config-sample.php: never a key. */
	private const PLACEHOLDER = 'put your unique phrase here';

	/**
	 * Issues a token and records its nonce.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $subset Plugin files for this probe.
	 */
	public static function issue( string $bisection_id, int $step, string $clone_prefix, array $subset, int $lifetime = self::LIFETIME ): string {
		global $wpdb;
		$claims = array(
			'b' => $bisection_id,
			's' => $step,
			'h' => self::subset_hash( $clone_prefix, $subset ),
			'e' => time() + min( $lifetime, self::LIFETIME ),
			'n' => bin2hex( random_bytes( 16 ) ),
		);
		$wpdb->query(
			$wpdb->prepare(
				"INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')",
				self::NONCE_OPTION_PREFIX . $claims['n'],
				(string) $claims['e']
			)
		);
		$payload = self::b64( (string) wp_json_encode( $claims ) );
		return $payload . '.' . self::b64( hash_hmac( 'sha256', $payload, self::key(), true ) );
	}

	/**
	 * Checks signature and expiry, then consumes the nonce. Returns the claims, or a reason.
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $subset Subset the request asks for.
	 * @return array{b: string, s: int, h: string, e: int, n: string}|string Claims, or the refusal reason.
	 */
	public static function consume( string $token, string $clone_prefix, array $subset ) {
		global $wpdb;
		$parts = explode( '.', $token );
		if ( 2 !== count( $parts ) || strlen( $token ) > 1024 ) {
			return 'malformed';
		}
		$key = self::key();
		if ( '' === $key ) {
			return 'no_keys';
		}
		$expected = self::b64( hash_hmac( 'sha256', $parts[0], $key, true ) );
		if ( ! hash_equals( $expected, $parts[1] ) ) {
			return 'bad_signature';
		}
		$claims = json_decode( (string) self::unb64( $parts[0] ), true );
		if ( ! is_array( $claims ) || ! isset( $claims['b'], $claims['s'], $claims['h'], $claims['e'], $claims['n'] ) || ! preg_match( '/^[0-9a-f]{32}$/', (string) $claims['n'] ) ) {
			return 'malformed';
		}
		if ( (int) $claims['e'] < time() || (int) $claims['e'] > time() + self::LIFETIME ) {
			return 'expired';
		}
		if ( ! hash_equals( (string) $claims['h'], self::subset_hash( $clone_prefix, $subset ) ) ) {
			return 'subset_mismatch';
		}
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s", self::NONCE_OPTION_PREFIX . $claims['n'] ) );
		if ( 1 !== (int) $wpdb->rows_affected ) {
			return 'replayed';
		}
		return array(
			'b' => (string) $claims['b'],
			's' => (int) $claims['s'],
			'h' => (string) $claims['h'],
			'e' => (int) $claims['e'],
			'n' => (string) $claims['n'],
		);
	}

	/**
	 * Removes nonces of tokens that expired unused.
	 *
	 * @since 0.1.0
	 */
	public static function purge_expired(): void {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT option_name, option_value FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( self::NONCE_OPTION_PREFIX ) . '%' ), ARRAY_A );
		foreach ( (array) $rows as $row ) {
			if ( (int) $row['option_value'] < time() ) {
				$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s", $row['option_name'] ) );
			}
		}
	}

	/**
	 * Binds a token to the clone and the exact plugin list (order matters).
	 *
	 * @since 0.1.0
	 *
	 * @param list<string> $subset Plugin files.
	 */
	public static function subset_hash( string $clone_prefix, array $subset ): string {
		return hash( 'sha256', (string) wp_json_encode( array( $clone_prefix, array_values( $subset ) ) ) );
	}

	/**
	 * HMAC key for sandbox tokens, derived so it is useless for anything else.
	 *
	 * @since 0.1.0
	 */
	public static function key(): string {
		$salt = self::salt();
		return '' === $salt ? '' : hash_hmac( 'sha256', 'proxy-health-sandbox-token', $salt );
	}

	/**
	 * What wp_salt( 'auth' ) returns, without pluggable.php: AUTH_KEY . AUTH_SALT from
	 * wp-config.php when they are real, else the auth_key / auth_salt site options.
	 *
	 * @since 0.1.0
	 */
	public static function salt(): string {
		$values = array(
			'key'  => '',
			'salt' => '',
		);
		$used   = array();
		foreach ( array( 'AUTH', 'SECURE_AUTH', 'LOGGED_IN', 'NONCE', 'SECRET' ) as $first ) {
			foreach ( array( 'KEY', 'SALT' ) as $second ) {
				if ( defined( "{$first}_{$second}" ) ) {
					$value          = (string) constant( "{$first}_{$second}" );
					$used[ $value ] = isset( $used[ $value ] );
				}
			}
		}
		$duplicated = static fn( string $value ): bool => self::PLACEHOLDER === $value || ! empty( $used[ $value ] );
		if ( defined( 'SECRET_KEY' ) && SECRET_KEY && ! $duplicated( (string) SECRET_KEY ) ) {
			$values['key'] = (string) SECRET_KEY;
		}
		if ( defined( 'SECRET_SALT' ) && SECRET_SALT && ! $duplicated( (string) SECRET_SALT ) ) {
			$values['salt'] = (string) SECRET_SALT;
		}
		foreach ( array( 'key', 'salt' ) as $type ) {
			$const = 'AUTH_' . strtoupper( $type );
			if ( defined( $const ) && constant( $const ) && ! $duplicated( (string) constant( $const ) ) ) {
				$values[ $type ] = (string) constant( $const );
			} elseif ( '' === $values[ $type ] ) {
				$values[ $type ] = (string) get_site_option( "auth_{$type}", '' );
			}
		}
		return $values['key'] . $values['salt'];
	}

	private static function b64( string $raw ): string {
		return rtrim( strtr( base64_encode( $raw ), '+/', '-_' ), '=' );
	}

	private static function unb64( string $text ) {
		return base64_decode( strtr( $text, '-_', '+/' ), true );
	}
}
