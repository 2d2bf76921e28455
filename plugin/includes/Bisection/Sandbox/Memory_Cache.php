<?php
/**
 * A per-request, in-memory object cache for sandbox requests on sites with a persistent cache.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection\Sandbox;

/**
 * Replaces the drop-in's $wp_object_cache for one sandbox request, so the clone's data never
 * reaches the shared cache and the live cache is neither read, polluted nor flushed. Object
 * cache drop-ins define wp_cache_*() as thin calls on the global object, so swapping the object
 * is enough; unknown methods answer false instead of reaching the persistent store.
 *
 * Keys are per site, as in core's WP_Object_Cache: on a network a plugin under test may
 * switch_to_blog(), and must then read that site's options, not the first site's.
 *
 * @since 0.1.0
 */
final class Memory_Cache {

	/**
	 * Groups shared by the sites of a network: the ones core declares in wp_start_object_cache(),
	 * which ran on the replaced object before this one existed.
	 */
	private const CORE_GLOBAL_GROUPS = array( 'blog-details', 'blog-id-cache', 'blog-lookup', 'blog_meta', 'global-posts', 'networks', 'network-queries', 'sites', 'site-details', 'site-options', 'site-queries', 'site-transient', 'theme_files', 'translation_files', 'rss', 'users', 'user-queries', 'user_meta', 'useremail', 'userlogins', 'userslugs' );

	/**
	 * @var array<string, array<string, mixed>>
	 */
	private array $data = array();

	/**
	 * @var array<string, true>
	 */
	private array $global_groups;

	private string $blog_prefix;

	public function __construct() {
		$this->global_groups = array_fill_keys( self::CORE_GLOBAL_GROUPS, true );
		$this->blog_prefix   = get_current_blog_id() . ':';
	}

	public function add( $key, $value, $group = '', $expire = 0 ): bool {
		if ( $this->has( $key, $group ) ) {
			return false;
		}
		return $this->set( $key, $value, $group, $expire );
	}

	/**
	 * @param array<string, mixed> $items Key => value.
	 * @return array<string, bool>
	 */
	public function add_multiple( array $items, $group = '', $expire = 0 ): array {
		$done = array();
		foreach ( $items as $key => $value ) {
			$done[ $key ] = $this->add( $key, $value, $group, $expire );
		}
		return $done;
	}

	public function replace( $key, $value, $group = '', $expire = 0 ): bool {
		return $this->has( $key, $group ) && $this->set( $key, $value, $group, $expire );
	}

	public function set( $key, $value, $group = '', $expire = 0 ): bool {
		$this->data[ self::group( $group ) ][ $this->key( $key, $group ) ] = is_object( $value ) ? clone $value : $value;
		return true;
	}

	/**
	 * @param array<string, mixed> $items Key => value.
	 * @return array<string, bool>
	 */
	public function set_multiple( array $items, $group = '', $expire = 0 ): array {
		$done = array();
		foreach ( $items as $key => $value ) {
			$done[ $key ] = $this->set( $key, $value, $group, $expire );
		}
		return $done;
	}

	public function get( $key, $group = '', $force = false, &$found = null ) {
		$found = $this->has( $key, $group );
		if ( ! $found ) {
			return false;
		}
		$value = $this->data[ self::group( $group ) ][ $this->key( $key, $group ) ];
		return is_object( $value ) ? clone $value : $value;
	}

	/**
	 * @param list<int|string> $keys Keys.
	 * @return array<string, mixed>
	 */
	public function get_multiple( $keys, $group = '', $force = false ): array {
		$values = array();
		foreach ( $keys as $key ) {
			$values[ $key ] = $this->get( $key, $group );
		}
		return $values;
	}

	public function delete( $key, $group = '', $deprecated = false ): bool {
		if ( ! $this->has( $key, $group ) ) {
			return false;
		}
		unset( $this->data[ self::group( $group ) ][ $this->key( $key, $group ) ] );
		return true;
	}

	/**
	 * @param list<int|string> $keys Keys.
	 * @return array<string, bool>
	 */
	public function delete_multiple( array $keys, $group = '' ): array {
		$done = array();
		foreach ( $keys as $key ) {
			$done[ $key ] = $this->delete( $key, $group );
		}
		return $done;
	}

	public function incr( $key, $offset = 1, $group = '' ) {
		if ( ! $this->has( $key, $group ) ) {
			return false;
		}
		$value = max( 0, (int) $this->data[ self::group( $group ) ][ $this->key( $key, $group ) ] + (int) $offset );
		$this->data[ self::group( $group ) ][ $this->key( $key, $group ) ] = $value;
		return $value;
	}

	public function decr( $key, $offset = 1, $group = '' ) {
		return $this->incr( $key, -1 * (int) $offset, $group );
	}

	public function flush(): bool {
		$this->data = array();
		return true;
	}

	public function flush_runtime(): bool {
		return $this->flush();
	}

	public function flush_group( $group ): bool {
		unset( $this->data[ self::group( $group ) ] );
		return true;
	}

	/**
	 * @param int|string $blog_id Site now current.
	 */
	public function switch_to_blog( $blog_id ): void {
		$this->blog_prefix = (int) $blog_id . ':';
	}

	/**
	 * @param string|list<string> $groups Groups.
	 */
	public function add_global_groups( $groups ): void {
		foreach ( (array) $groups as $group ) {
			$this->global_groups[ (string) $group ] = true;
		}
	}

	public function supports( $feature ): bool {
		return in_array( $feature, array( 'add_multiple', 'set_multiple', 'get_multiple', 'delete_multiple', 'flush_runtime', 'flush_group' ), true );
	}

	/**
	 * Persistence and connections do not matter to a cache that lives for one request.
	 *
	 * @param string       $name      Method.
	 * @param array<mixed> $arguments Arguments.
	 * @return false
	 */
	public function __call( $name, $arguments ) {
		return false;
	}

	private function has( $key, $group ): bool {
		return isset( $this->data[ self::group( $group ) ] ) && array_key_exists( $this->key( $key, $group ), $this->data[ self::group( $group ) ] );
	}

	private function key( $key, $group ): string {
		return ( isset( $this->global_groups[ self::group( $group ) ] ) ? '' : $this->blog_prefix ) . (string) $key;
	}

	private static function group( $group ): string {
		return '' === (string) $group ? 'default' : (string) $group;
	}
}
