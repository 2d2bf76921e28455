<?php
/**
 * Copies the site's tables to a clone prefix in the same database, and drops them again.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection\Staging;

use WP_Error;

/**
 * Works on MySQL/MariaDB and on the SQLite Database Integration: SHOW CREATE TABLE (two columns
 * on MySQL, one on SQLite), the table and index names renamed, then INSERT … SELECT *.
 * CREATE TABLE … LIKE and CREATE TABLE … AS SELECT crash the SQLite translator, so neither is used.
 *
 * Light mode copies the rows a probe needs (options, users, usermeta; on a network also site,
 * sitemeta, blogs) and creates every other table empty, so plugins that query them find a table
 * rather than an error (on a network, other sites' tables are left out); full mode copies every
 * table and row.
 *
 * @since 0.1.0
 */
final class Table_Cloner {

	public const MODE_LIGHT = 'light';
	public const MODE_FULL  = 'full';

	/** Rows copied at most, unless filtered: a clone must be quick and must not fill the disk. */
	public const MAX_ROWS = 200000;

	/** Bytes of data copied at most (MySQL reports sizes; SQLite does not, its rows are counted). */
	public const MAX_BYTES = 256 * MB_IN_BYTES;

	/**
	 * The live tables of this site: every table under the live prefix that is not a clone.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string> Table names.
	 */
	public static function live_tables(): array {
		global $wpdb;
		$prefix = $wpdb->base_prefix;
		$tables = $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $prefix ) . '%' ) );
		$clones = $prefix . Clone_Registry::MARKER;
		return array_values(
			array_filter(
				array_map( 'strval', (array) $tables ),
				static fn( string $table ): bool => 0 === strpos( $table, $prefix ) && 0 !== strpos( $table, $clones )
			)
		);
	}

	/**
	 * The live tables a mode clones. Full: all of them. Light on a network: all but the other
	 * sites' own tables (wp_<id>_*), which a probe of this site does not read; a network of many
	 * sites would otherwise get thousands of empty tables created and dropped per run.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string>
	 */
	public static function tables_to_clone( string $mode ): array {
		global $wpdb;
		$live = self::live_tables();
		if ( self::MODE_FULL === $mode || ! is_multisite() ) {
			return $live;
		}
		$current = get_current_blog_id();
		$pattern = '/^' . preg_quote( $wpdb->base_prefix, '/' ) . '([0-9]+)_/';
		return array_values(
			array_filter(
				$live,
				// A plugin's own table may start with digits too: only existing sites' tables are left out.
				static fn( string $table ): bool => 1 !== preg_match( $pattern, $table, $match ) || (int) $match[1] === $current || null === get_site( (int) $match[1] )
			)
		);
	}

	/**
	 * Tables whose rows a mode copies.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string>
	 */
	public static function tables_with_rows( string $mode ): array {
		global $wpdb;
		$live = self::live_tables();
		if ( self::MODE_FULL === $mode ) {
			return $live;
		}
		$needed = array( $wpdb->options, $wpdb->users, $wpdb->usermeta );
		if ( is_multisite() ) {
			$needed = array_merge( $needed, array( $wpdb->site, $wpdb->sitemeta, $wpdb->blogs ) );
		}
		return array_values( array_intersect( $live, $needed ) );
	}

	/**
	 * Refuses a clone that would be too large, with a clear error.
	 *
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	public static function check_size( string $mode ) {
		global $wpdb;
		$rows  = 0;
		$bytes = 0;
		foreach ( self::tables_with_rows( $mode ) as $table ) {
			$rows  += (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM %i', $table ) );
			$status = $wpdb->get_row( $wpdb->prepare( 'SHOW TABLE STATUS LIKE %s', $table ), ARRAY_A );
			$bytes += is_array( $status ) ? (int) ( $status['Data_length'] ?? 0 ) : 0;
		}
		/**
		 * Filters the most rows a bisection clone may copy.
		 *
		 * @since 0.1.0
		 *
		 * @param int    $max_rows Rows.
		 * @param string $mode     "light" or "full".
		 */
		$max_rows = (int) apply_filters( 'proxy_health_clone_max_rows', self::MAX_ROWS, $mode );
		/** This filter is documented above; bytes instead of rows. */
		$max_bytes = (int) apply_filters( 'proxy_health_clone_max_bytes', self::MAX_BYTES, $mode );
		if ( $rows > $max_rows || $bytes > $max_bytes ) {
			return new WP_Error(
				'proxy_health_clone_too_large',
				sprintf(
					/* translators: 1: rows to copy, 2: megabytes to copy, 3: row limit, 4: clone mode. */
					__( 'The staging clone would copy %1$d rows (%2$s MB), more than the limit of %3$d rows for %4$s mode. Try the light clone mode, or raise the limit with the proxy_health_clone_max_rows filter.', 'proxy-health' ),
					$rows,
					number_format_i18n( $bytes / MB_IN_BYTES, 1 ),
					$max_rows,
					$mode
				),
				array(
					'status' => 507,
					'rows'   => $rows,
					'bytes'  => $bytes,
				)
			);
		}
		return true;
	}

	/**
	 * Creates every live table under the clone prefix and copies the rows the mode needs.
	 * On failure, whatever was created is dropped again.
	 *
	 * @since 0.1.0
	 *
	 * @return true|WP_Error
	 */
	public static function create( string $clone_prefix, string $mode ) {
		global $wpdb;
		if ( ! Clone_Registry::is_clone_prefix( $clone_prefix, $wpdb->base_prefix ) ) {
			return new WP_Error( 'proxy_health_clone_failed', __( 'Refusing an unexpected clone prefix.', 'proxy-health' ), array( 'status' => 500 ) );
		}
		$with_rows = self::tables_with_rows( $mode );
		foreach ( self::tables_to_clone( $mode ) as $live ) {
			$clone = $clone_prefix . substr( $live, strlen( $wpdb->base_prefix ) );
			$ddl   = self::create_statement( $live, $clone );
			$error = null;
			if ( null === $ddl || false === $wpdb->query( $ddl ) ) { // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- the live table's own CREATE statement from SHOW CREATE TABLE, renamed to the checked clone prefix; DDL has no placeholders.
				$error = $live;
			} elseif ( in_array( $live, $with_rows, true ) && false === $wpdb->query( $wpdb->prepare( 'INSERT INTO %i SELECT * FROM %i', $clone, $live ) ) ) {
				$error = $live;
			}
			if ( null !== $error ) {
				// The SQLite translator's errors are HTML pages with the query and a backtrace.
				$detail = mb_substr( trim( (string) preg_replace( '/\s+/', ' ', wp_strip_all_tags( (string) $wpdb->last_error ) ) ), 0, 300 );
				self::drop( $clone_prefix );
				return new WP_Error(
					'proxy_health_clone_failed',
					/* translators: 1: table name, 2: database error. */
					sprintf( __( 'Could not copy the table %1$s into the staging clone: %2$s', 'proxy-health' ), $error, $detail ),
					array( 'status' => 500 )
				);
			}
		}
		return true;
	}

	/**
	 * The live table's CREATE statement with the clone's table and index names.
	 *
	 * @since 0.1.0
	 */
	public static function create_statement( string $live, string $clone ): ?string {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SHOW CREATE TABLE %i', $live ), ARRAY_N );
		if ( ! is_array( $row ) || array() === $row ) {
			return null;
		}
		// MySQL answers (name, statement); the SQLite translator answers (statement).
		$sql     = (string) end( $row );
		$quoted  = preg_quote( $live, '/' );
		$renamed = preg_replace( '/^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?' . $quoted . '`?/i', 'CREATE TABLE `' . $clone . '`', $sql, 1, $count );
		if ( null === $renamed || 1 !== $count ) {
			return null;
		}
		// SQLite index names are global and carry the table name; the translator adds the new one.
		return (string) preg_replace( '/\b(KEY|INDEX)\s+(`?)' . $quoted . '__/i', '$1 $2', $renamed );
	}

	/**
	 * Drops every table under a clone prefix. Only clone-shaped prefixes are accepted.
	 *
	 * @since 0.1.0
	 *
	 * @return int Tables dropped.
	 */
	public static function drop( string $clone_prefix ): int {
		global $wpdb;
		if ( ! Clone_Registry::is_clone_prefix( $clone_prefix, $wpdb->base_prefix ) ) {
			return 0;
		}
		$dropped = 0;
		foreach ( self::tables( $clone_prefix ) as $table ) {
			$wpdb->query( $wpdb->prepare( 'DROP TABLE IF EXISTS %i', $table ) );
			++$dropped;
		}
		if ( self::is_sqlite() ) {
			// The SQLite translator keeps each table's MySQL column types in its own table and
			// does not forget them on DROP TABLE.
			$wpdb->query( $wpdb->prepare( 'DELETE FROM _mysql_data_types_cache WHERE `table` LIKE %s', $wpdb->esc_like( $clone_prefix ) . '%' ) );
		}
		return $dropped;
	}

	/**
	 * Whether the site runs on the SQLite Database Integration.
	 *
	 * @since 0.1.0
	 */
	public static function is_sqlite(): bool {
		global $wpdb;
		return ( defined( 'DB_ENGINE' ) && 'sqlite' === DB_ENGINE ) || ( isset( $wpdb->dbh ) && is_object( $wpdb->dbh ) && 'WP_SQLite_Translator' === get_class( $wpdb->dbh ) );
	}

	/**
	 * Tables under a prefix.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string>
	 */
	public static function tables( string $prefix ): array {
		global $wpdb;
		return array_values( array_map( 'strval', (array) $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $prefix ) . '%' ) ) ) );
	}
}
