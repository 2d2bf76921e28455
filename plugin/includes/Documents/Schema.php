<?php
/**
 * JSON Schema pieces the REST documents share, so that each shape is defined once.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Diagnosis\Catalog;
use ProxyHealth\Inbound\Inbound_Catalog;
use ProxyHealth\Lint\Config_Linter;
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
	 * @param string[]|null        $optional   Properties an answer may leave out (all others are
	 *                                         required); null leaves "required" unsaid.
	 * @return array<string, mixed>
	 */
	public static function document( string $title, array $properties, ?array $optional = null ): array {
		return self::titled( $title ) + self::object( $properties, $optional );
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
	 * A route's schema with the other documents its methods answer (e.g. GET /probes' history
	 * page beside the probe report), under "definitions", each titled.
	 *
	 * @since 0.3.0
	 *
	 * @param array<string, mixed>             $schema    The route's item schema.
	 * @param array<int, array<string, mixed>> $documents Documents (see document()).
	 * @return array<string, mixed>
	 */
	public static function with_definitions( array $schema, array $documents ): array {
		foreach ( $documents as $document ) {
			unset( $document['$schema'] );
			$schema['definitions'][ $document['title'] ] = $document;
		}
		return $schema;
	}

	/**
	 * Another route's item schema (or a document) as a part of a larger document: without its
	 * head and definitions, so `npm run contract` finds the copy and types it once.
	 *
	 * @since 0.3.0
	 *
	 * @param array<string, mixed> $schema      The route's item schema.
	 * @param bool                 $nullable    Whether the part may be null.
	 * @param string               $description What the part holds.
	 * @return array<string, mixed>
	 */
	public static function part( array $schema, bool $nullable = false, string $description = '' ): array {
		unset( $schema['$schema'], $schema['title'], $schema['definitions'] );
		if ( $nullable ) {
			$schema['type'] = array( 'object', 'null' );
		}
		if ( '' !== $description ) {
			$schema['description'] = $description;
		}
		return $schema;
	}

	/**
	 * The responses of a redirect chain, hop by hop (`Inbound\Redirect_Follower::follow()`).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function hops(): array {
		return array(
			'type'  => 'array',
			'items' => self::named(
				'InboundHop',
				self::object(
					array(
						'url'          => array( 'type' => 'string' ),
						'status'       => array( 'type' => 'integer' ),
						'location'     => array( 'type' => 'string' ),
						'server'       => array( 'type' => 'string' ),
						'via'          => array( 'type' => 'string' ),
						'authenticate' => array( 'type' => 'string' ),
					),
					array( 'location', 'server', 'via', 'authenticate' )
				)
			),
		);
	}

	/**
	 * A part with a name: `npm run contract` declares each named part once (the TypeScript type
	 * of that name) and refers to it wherever the part appears.
	 *
	 * @since 0.3.0
	 *
	 * @param string               $title  Type name, e.g. "InboundHop".
	 * @param array<string, mixed> $schema The part's schema.
	 * @return array<string, mixed>
	 */
	public static function named( string $title, array $schema ): array {
		return array( 'title' => $title ) + $schema;
	}

	/**
	 * What ending an evidence session or reverting applied credentials did to wp-config.php.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function config_revert(): array {
		return self::named(
			'ConfigRevert',
			self::object(
				array(
					'status'  => self::enum( array( 'restored', 'block_removed', 'already_reverted', 'nothing_to_revert' ) ),
					'message' => array( 'type' => 'string' ),
				),
				array()
			)
		);
	}

	/**
	 * An object with the given properties.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $properties Property schemas.
	 * @param string[]|null        $optional   Properties that may be absent (all others are
	 *                                         required); null leaves "required" unsaid.
	 * @return array<string, mixed>
	 */
	public static function object( array $properties, ?array $optional = null ): array {
		$schema = array(
			'type'       => 'object',
			'properties' => $properties,
		);
		if ( null !== $optional ) {
			$schema['required'] = array_values( array_diff( array_keys( $properties ), $optional ) );
		}
		return $schema;
	}

	/**
	 * An array of objects with the given properties.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $properties Property schemas of one item.
	 * @param string[]|null        $optional   Properties an item may leave out (see object()).
	 * @return array<string, mixed>
	 */
	public static function list_of( array $properties, ?array $optional = null ): array {
		return array(
			'type'  => 'array',
			'items' => self::object( $properties, $optional ),
		);
	}

	/**
	 * A code from a list that stays open (other plugins may add codes through filters): any
	 * string, with the known codes listed under "examples" and the list's name under "x-codes",
	 * which `npm run contract` turns into the TypeScript list of that name.
	 *
	 * @since 0.3.0
	 *
	 * @param string   $name  List name, e.g. "DiagnosisCode".
	 * @param string[] $codes Known codes.
	 * @return array<string, mixed>
	 */
	public static function codes( string $name, array $codes ): array {
		return array(
			'type'     => 'string',
			'examples' => array_values( $codes ),
			'x-codes'  => $name,
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
	 * @param array<string, mixed>|null $code Schema of the code (default: any string).
	 * @return array<string, mixed>
	 */
	public static function diagnoses( ?array $code = null ): array {
		return array(
			'type'  => 'array',
			'items' => self::named(
				'Diagnosis',
				self::object(
					array(
						'code'     => $code ?? array( 'type' => 'string' ),
						'severity' => self::severity(),
						'title'    => array( 'type' => 'string' ),
						'detail'   => array( 'type' => 'string' ),
						'remedies' => self::string_list(),
						'evidence' => self::string_list(),
						'culprits' => self::interference_culprits(),
					),
					array( 'culprits' )
				)
			),
		);
	}

	/**
	 * Probe diagnoses: their codes are the probe and inbound catalogs' (and other plugins' own).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function probe_diagnoses(): array {
		return self::diagnoses( self::codes( 'DiagnosisCode', array_merge( Catalog::codes(), Inbound_Catalog::codes() ) ) );
	}

	/**
	 * Configuration findings: the diagnoses' shape, codes from the linter (and other plugins' checks).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function findings(): array {
		return self::diagnoses( self::codes( 'FindingCode', Config_Linter::CODES ) );
	}

	/**
	 * The outbound proxy as WordPress will use it (`Proxy_Config::to_array()`), password left out.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function proxy_config(): array {
		return self::named(
			'ProxyConfig',
			self::object(
				array(
					'enabled'     => array( 'type' => 'boolean' ),
					'host'        => self::nullable( 'string' ),
					'port'        => self::nullable( 'string' ),
					'username'    => self::nullable( 'string' ),
					'hasPassword' => array( 'type' => 'boolean' ),
					'authEnabled' => array( 'type' => 'boolean' ),
					'bypassHosts' => array(
						'type'  => array( 'array', 'null' ),
						'items' => array( 'type' => 'string' ),
					),
					'sources'     => self::object(
						array_fill_keys(
							array( 'host', 'port', 'username', 'password', 'bypassHosts' ),
							self::enum( array( 'constant', 'unset' ) )
						),
						array()
					),
				),
				array()
			)
		);
	}

	/**
	 * Milliseconds per request phase, as far as the transport reports them.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function timings(): array {
		$ms = array( 'type' => 'number' );
		return self::named(
			'TimingsMs',
			self::object(
				array(
					'dns'       => $ms,
					'connect'   => $ms,
					'tls'       => $ms,
					'firstByte' => $ms,
					'total'     => $ms,
				),
				array( 'dns', 'connect', 'tls', 'firstByte' )
			)
		);
	}

	/**
	 * An error's stable code and message (a WP_Error's, or a run's).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function error(): array {
		return self::named(
			'ErrorInfo',
			self::object(
				array(
					'code'    => array( 'type' => 'string' ),
					'message' => array( 'type' => 'string' ),
				),
				array()
			)
		);
	}

	/**
	 * What a probe report was taken against (`Fingerprint::current()`).
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function fingerprint(): array {
		$files = self::keyed(
			self::named(
				'FileFingerprint',
				self::object(
					array(
						'version' => array( 'type' => 'string' ),
						'hash'    => array( 'type' => 'string' ),
					),
					array()
				)
			)
		);
		return self::named(
			'EnvironmentFingerprint',
			self::object(
				array(
					'wp'              => array( 'type' => 'string' ),
					'php'             => array( 'type' => 'string' ),
					'plugins'         => self::keyed( array( 'type' => 'string' ) ),
					'theme'           => array( 'type' => 'string' ),
					'proxyConfigHash' => array( 'type' => 'string' ),
					'htaccessHash'    => self::nullable( 'string' ),
					'muPlugins'       => $files,
					'dropins'         => $files,
				),
				array( 'muPlugins', 'dropins' )
			)
		);
	}

	/**
	 * A map of names to values of one schema. PHP encodes an empty map read back from the
	 * database as `[]`, so an empty array is allowed too.
	 *
	 * @since 0.3.0
	 *
	 * @param array<string, mixed> $value Schema of each value.
	 * @return array<string, mixed>
	 */
	public static function keyed( array $value ): array {
		return array(
			'anyOf' => array(
				array(
					'type'                 => 'object',
					'additionalProperties' => $value,
				),
				array(
					'type'     => 'array',
					'maxItems' => 0,
				),
			),
		);
	}

	/**
	 * How a probe or a recorded call ended.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function outcome(): array {
		return self::enum( array( 'ok', 'proxy_auth_required', 'connect_failed', 'timeout', 'tls_error', 'dns_error', 'http_error', 'proxy_denied' ) );
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
			'items' => self::named(
				'InterferenceCulprit',
				self::object(
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
				)
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
