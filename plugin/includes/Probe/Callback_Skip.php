<?php
/**
 * One hooked callback left out of one probe request.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Probe;

use WP_Hook;

/**
 * Takes one callback off its hook for the length of a piece of work and puts it back where it
 * was (same priority, same place among its peers). Only the probe request being built or sent
 * runs in that window: the rest of the site, and every other request, keeps the callback.
 *
 * @since 0.3.0
 */
final class Callback_Skip {

	public string $hook;

	public int $priority;

	/** The callback's key in WP_Hook::$callbacks[ $priority ] (_wp_filter_build_unique_id()). */
	public string $key;

	/**
	 * @param string $hook     Hook name.
	 * @param int    $priority Priority it was added with.
	 * @param string $key      Its key at that priority.
	 */
	public function __construct( string $hook, int $priority, string $key ) {
		$this->hook     = $hook;
		$this->priority = $priority;
		$this->key      = $key;
	}

	/**
	 * Runs $work without the callback.
	 *
	 * @since 0.3.0
	 *
	 * @template T
	 * @param callable(): T $work What runs without it.
	 * @return T
	 */
	public function around( callable $work ) {
		global $wp_filter;
		$hook = $wp_filter[ $this->hook ] ?? null;
		if ( ! $hook instanceof WP_Hook || ! isset( $hook->callbacks[ $this->priority ][ $this->key ] ) ) {
			return $work();
		}
		$order = array_keys( $hook->callbacks[ $this->priority ] );
		$entry = $hook->callbacks[ $this->priority ][ $this->key ];
		// The priority stays (possibly empty): WP_Hook iterates its own list of priorities.
		unset( $hook->callbacks[ $this->priority ][ $this->key ] );
		try {
			return $work();
		} finally {
			$now      = $hook->callbacks[ $this->priority ] ?? array();
			$restored = array();
			foreach ( $order as $key ) {
				if ( (string) $key === $this->key ) {
					$restored[ $key ] = $entry;
				} elseif ( array_key_exists( $key, $now ) ) {
					$restored[ $key ] = $now[ $key ];
				}
			}
			// Anything added at this priority meanwhile keeps its place after the others.
			$hook->callbacks[ $this->priority ] = $restored + $now;
		}
	}
}
