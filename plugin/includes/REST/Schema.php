<?php
/**
 * JSON Schema pieces the REST routes share, so that each shape is defined once.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use ProxyHealth\Lint\Finding;

/**
 * Static builders for the schema fragments that several routes (or the REST index) expose.
 *
 * @since 0.1.0
 */
final class Schema {

	/**
	 * A route's item schema: a titled object document.
	 *
	 * @since 0.1.0
	 *
	 * @param string               $title      Schema title, e.g. "proxy-health-status".
	 * @param array<string, mixed> $properties Property schemas.
	 * @return array<string, mixed>
	 */
	public static function document( string $title, array $properties ): array {
		return self::titled( $title ) + self::object( $properties );
	}

	/**
	 * The head of a top-level schema, for documents that are not plain objects.
	 *
	 * @since 0.1.0
	 *
	 * @param string $title Schema title.
	 * @return array<string, string>
	 */
	public static function titled( string $title ): array {
		return array(
			'$schema' => 'http://json-schema.org/draft-04/schema#',
			'title'   => $title,
		);
	}

	/**
	 * An object with the given properties.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $properties Property schemas.
	 * @return array<string, mixed>
	 */
	public static function object( array $properties ): array {
		return array(
			'type'       => 'object',
			'properties' => $properties,
		);
	}

	/**
	 * An array of objects with the given properties.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $properties Property schemas of one item.
	 * @return array<string, mixed>
	 */
	public static function list_of( array $properties ): array {
		return array(
			'type'  => 'array',
			'items' => self::object( $properties ),
		);
	}

	/**
	 * An array of strings.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function string_list(): array {
		return array(
			'type'  => 'array',
			'items' => array( 'type' => 'string' ),
		);
	}

	/**
	 * A string from a fixed set.
	 *
	 * @since 0.1.0
	 *
	 * @param string[] $values Allowed values.
	 * @return array<string, mixed>
	 */
	public static function enum( array $values ): array {
		return array(
			'type' => 'string',
			'enum' => $values,
		);
	}

	/**
	 * A value of the given type, or null.
	 *
	 * @since 0.1.0
	 *
	 * @param string $type JSON type, e.g. "string".
	 * @return array<string, mixed>
	 */
	public static function nullable( string $type ): array {
		return array( 'type' => array( $type, 'null' ) );
	}

	/**
	 * An ISO 8601 date-time string.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, string>
	 */
	public static function date_time(): array {
		return array(
			'type'   => 'string',
			'format' => 'date-time',
		);
	}

	/**
	 * The verdict of a probe report or an inbound check.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function verdict(): array {
		return self::enum( array( 'pass', 'fail', 'warn' ) );
	}

	/**
	 * The Site Health severities that diagnoses, findings and test results use.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function severity(): array {
		return self::enum( array( Finding::CRITICAL, Finding::RECOMMENDED, Finding::GOOD ) );
	}

	/**
	 * A list of diagnoses (or configuration findings, which have the same shape).
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function diagnoses(): array {
		return self::list_of(
			array(
				'code'     => array( 'type' => 'string' ),
				'severity' => self::severity(),
				'title'    => array( 'type' => 'string' ),
				'detail'   => array( 'type' => 'string' ),
				'remedies' => self::string_list(),
				'evidence' => self::string_list(),
				'culprits' => self::interference_culprits(),
			)
		);
	}

	/**
	 * `plugin_interference` only: the callbacks on WordPress's HTTP hooks whose absence let the
	 * same request through the proxy with the same WP_PROXY_* values (Probe\Interference_Finder).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function interference_culprits(): array {
		$strings = static fn( array $values ): array => array(
			'type'  => 'array',
			'items' => self::enum( $values ),
		);
		return array(
			'type'  => 'array',
			'items' => self::object(
				array(
					'hook'       => self::enum( array( 'http_api_curl', 'http_request_args', 'pre_http_request', 'pre_http_send_through_proxy' ) ),
					'callback'   => array( 'type' => 'string' ),
					'type'       => self::enum( array( 'plugin', 'mu-plugin', 'theme', 'drop-in', 'unknown' ) ),
					'slug'       => self::nullable( 'string' ),
					'name'       => array( 'type' => 'string' ),
					'file'       => self::nullable( 'string' ),
					'line'       => self::nullable( 'integer' ),
					'changed'    => $strings( array( 'username', 'password', 'proxy', 'scheme', 'route', 'response', 'request' ) ),
					'transports' => $strings( array( 'curl', 'fsockopen' ) ),
					'suspect'    => self::nullable( 'string' ),
				),
				array()
			),
		);
	}

	/**
	 * Who made an outbound call: a plugin, theme, must-use plugin or core.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, mixed>
	 */
	public static function source_type(): array {
		return self::enum( array( 'plugin', 'theme', 'mu-plugin', 'core' ) );
	}
}
