<?php
/**
 * What changed between the last passing probe report and the first failing one after it.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Changes;

use ProxyHealth\Probe\History;

/**
 * Diffs the fingerprints of two reports from the probe history: plugins, must-use plugins and
 * drop-ins added, removed or updated, the theme, WordPress and PHP versions, and the proxy
 * configuration and .htaccess hashes. The safe version of "restore a backup and re-apply changes".
 *
 * @since 0.1.0
 *
 * @phpstan-type Ref array{id: string, createdAt: string, verdict: string}
 * @phpstan-type Change array{from: string|null, to: string|null}
 * @phpstan-type Set_Diff array{added: list<array{file: string, version: string}>, removed: list<array{file: string, version: string}>, updated: list<array{file: string, from: string, to: string}>}
 * @phpstan-type Changes array{from: Ref, to: Ref, count: int, plugins: Set_Diff, muPlugins: Set_Diff|null, dropins: Set_Diff|null, theme: Change|null, wp: Change|null, php: Change|null, proxyConfigHash: Change|null, htaccessHash: Change|null}
 */
final class Change_Detector {

	/** Fingerprint fields compared as single values. */
	private const SCALARS = array( 'theme', 'wp', 'php', 'proxyConfigHash', 'htaccessHash' );

	/**
	 * The changes for the stored history, or null when it holds no pass → fail pair.
	 *
	 * @since 0.1.0
	 *
	 * @return Changes|null
	 */
	public static function from_history(): ?array {
		return self::between( History::all() );
	}

	/**
	 * The changes between the last passing report and the first failing report after it.
	 *
	 * @since 0.1.0
	 *
	 * @param list<array<string, mixed>> $reports Newest first, as History keeps them.
	 * @return Changes|null
	 */
	public static function between( array $reports ): ?array {
		$pair = self::pair( $reports );
		return null === $pair ? null : self::diff( $pair[0], $pair[1] );
	}

	/**
	 * @param list<array<string, mixed>> $reports Newest first.
	 * @return array{0: array<string, mixed>, 1: array<string, mixed>}|null
	 */
	private static function pair( array $reports ): ?array {
		// A run with one-off credentials says whether those credentials work, not whether the site does.
		$site_runs    = array_filter( $reports, static fn( array $r ): bool => 'one-off' !== ( $r['credentialsSource'] ?? null ) );
		$oldest_first = array_values( array_reverse( $site_runs ) );
		$last_pass    = null;
		foreach ( $oldest_first as $index => $report ) {
			if ( 'pass' === ( $report['verdict'] ?? null ) ) {
				$last_pass = $index;
			}
		}
		if ( null === $last_pass ) {
			return null;
		}
		$count = count( $oldest_first );
		for ( $index = $last_pass + 1; $index < $count; $index++ ) {
			if ( 'fail' === ( $oldest_first[ $index ]['verdict'] ?? null ) ) {
				return array( $oldest_first[ $last_pass ], $oldest_first[ $index ] );
			}
		}
		return null;
	}

	/**
	 * Diffs two reports' fingerprints.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $from Passing report.
	 * @param array<string, mixed> $to   Failing report.
	 * @return Changes
	 */
	public static function diff( array $from, array $to ): array {
		$before  = self::fingerprint( $from );
		$after   = self::fingerprint( $to );
		$changes = array(
			'from'      => self::ref( $from ),
			'to'        => self::ref( $to ),
			'count'     => 0,
			'plugins'   => self::set_diff( self::versions( $before['plugins'] ?? array() ), self::versions( $after['plugins'] ?? array() ) ),
			// Reports made before these fields existed say nothing about them: null, not "all added".
			'muPlugins' => isset( $before['muPlugins'], $after['muPlugins'] ) ? self::set_diff( self::versions( $before['muPlugins'] ), self::versions( $after['muPlugins'] ) ) : null,
			'dropins'   => isset( $before['dropins'], $after['dropins'] ) ? self::set_diff( self::versions( $before['dropins'] ), self::versions( $after['dropins'] ) ) : null,
		);
		foreach ( self::SCALARS as $field ) {
			$old               = isset( $before[ $field ] ) ? (string) $before[ $field ] : null;
			$new               = isset( $after[ $field ] ) ? (string) $after[ $field ] : null;
			$changes[ $field ] = $old === $new ? null : array(
				'from' => $old,
				'to'   => $new,
			);
			$changes['count'] += $old === $new ? 0 : 1;
		}
		foreach ( array( 'plugins', 'muPlugins', 'dropins' ) as $set ) {
			if ( null !== $changes[ $set ] ) {
				$changes['count'] += count( $changes[ $set ]['added'] ) + count( $changes[ $set ]['removed'] ) + count( $changes[ $set ]['updated'] );
			}
		}
		return $changes;
	}

	/**
	 * @param array<string, mixed> $report A report.
	 * @return array<string, mixed>
	 */
	private static function fingerprint( array $report ): array {
		// Reports read back from the option may hold objects (plugins was cast to one) or arrays.
		$fingerprint = json_decode( (string) wp_json_encode( $report['fingerprint'] ?? array() ), true );
		return is_array( $fingerprint ) ? $fingerprint : array();
	}

	/**
	 * @param array<string, mixed> $report A report.
	 * @return Ref
	 */
	private static function ref( array $report ): array {
		return array(
			'id'        => (string) ( $report['id'] ?? '' ),
			'createdAt' => (string) ( $report['createdAt'] ?? '' ),
			'verdict'   => (string) ( $report['verdict'] ?? '' ),
		);
	}

	/**
	 * File => comparable version: plugins map to a version string; must-use plugins and drop-ins
	 * to { version, hash }, shown as "1.2 (#ab12…)" so an edit without a version bump shows too.
	 *
	 * @param mixed $set Fingerprint set.
	 * @return array<string, string>
	 */
	private static function versions( $set ): array {
		$versions = array();
		foreach ( is_array( $set ) ? $set : array() as $file => $value ) {
			if ( is_array( $value ) ) {
				$version = (string) ( $value['version'] ?? '' );
				$hash    = (string) ( $value['hash'] ?? '' );
				$value   = trim( $version . ( '' === $hash ? '' : ' #' . $hash ) );
			}
			$versions[ (string) $file ] = (string) $value;
		}
		ksort( $versions );
		return $versions;
	}

	/**
	 * @param array<string, string> $before File => version.
	 * @param array<string, string> $after  File => version.
	 * @return Set_Diff
	 */
	private static function set_diff( array $before, array $after ): array {
		$diff = array(
			'added'   => array(),
			'removed' => array(),
			'updated' => array(),
		);
		foreach ( $after as $file => $version ) {
			if ( ! array_key_exists( $file, $before ) ) {
				$diff['added'][] = array(
					'file'    => $file,
					'version' => $version,
				);
			} elseif ( $before[ $file ] !== $version ) {
				$diff['updated'][] = array(
					'file' => $file,
					'from' => $before[ $file ],
					'to'   => $version,
				);
			}
		}
		foreach ( $before as $file => $version ) {
			if ( ! array_key_exists( $file, $after ) ) {
				$diff['removed'][] = array(
					'file'    => $file,
					'version' => $version,
				);
			}
		}
		return $diff;
	}
}
