<?php
/**
 * The method admins know: start with no plugin, add one at a time until it breaks.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Bisection;

/**
 * Adds plugins in order until the probe fails; the last one added is implicated. When it passes
 * alone, each earlier plugin is paired with it to find the partner it fails with.
 *
 * @since 0.1.0
 */
final class One_By_One {

	/**
	 * @var callable(list<string>): bool
	 */
	private $fails;

	/**
	 * @param callable(list<string>): bool $fails Oracle: true when the subset fails.
	 */
	public function __construct( callable $fails ) {
		$this->fails = $fails;
	}

	/**
	 * @since 0.1.0
	 *
	 * @param list<string> $plugins Plugins that fail together, in order.
	 * @return list<string> The failing set found.
	 */
	public function find( array $plugins ): array {
		$prefix = array();
		foreach ( $plugins as $plugin ) {
			$prefix[] = $plugin;
			if ( ( $this->fails )( $prefix ) ) {
				break;
			}
		}
		$last = (string) end( $prefix );
		if ( 1 === count( $prefix ) || ( $this->fails )( array( $last ) ) ) {
			return array( $last );
		}
		foreach ( array_slice( $prefix, 0, -1 ) as $partner ) {
			if ( ( $this->fails )( array( $partner, $last ) ) ) {
				return array( $partner, $last );
			}
		}
		return $prefix;
	}
}
