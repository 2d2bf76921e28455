<?php
/**
 * `wp proxy-health hooks`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use ProxyHealth\CLI\Options;
use ProxyHealth\CLI\Output;
use ProxyHealth\Hooks\Hook_Inspector;

use function WP_CLI\Utils\format_items;

/**
 * The callbacks on the HTTP-related hooks and who added them (GET /hooks).
 *
 * @since 0.2.0
 */
final class Hooks_Command {

	/** Columns of the list `hooks` prints (`--fields` picks among them). */
	private const FIELDS = array( 'hook', 'priority', 'callback', 'owner', 'file' );

	/**
	 * Lists the callbacks on the HTTP-related hooks, each with the plugin, theme, must-use
	 * plugin, drop-in or core file (and line) that added it.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format; json is what GET /proxy-health/v1/hooks answers, csv the list of
	 * callbacks.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - yaml
	 * ---
	 *
	 * [--fields=<fields>]
	 * : Comma-separated columns, for table and csv: hook, priority, callback, owner, file.
	 *
	 * ## EXAMPLES
	 *
	 *     $ wp proxy-health hooks
	 *     $ wp proxy-health hooks --format=yaml
	 *
	 * @since 0.1.0
	 *
	 * @param list<string>         $args       Positional arguments (none).
	 * @param array<string, mixed> $assoc_args Options.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$format = Options::format( $assoc_args );
		$fields = Options::fields( $assoc_args, $format, self::FIELDS );
		$report = ( new Hook_Inspector() )->report();
		if ( Output::print_data( $report, $format ) ) {
			return;
		}
		$rows = array();
		foreach ( $report['hooks'] as $hook ) {
			foreach ( $hook['callbacks'] as $callback ) {
				$owner  = $callback['owner'];
				$rows[] = array(
					'hook'     => $hook['hook'],
					'priority' => (string) $callback['priority'],
					'callback' => $callback['callback'],
					'owner'    => $owner['type'] . ( null !== $owner['slug'] ? ':' . $owner['slug'] : '' ),
					'file'     => null === $owner['file'] ? '' : $owner['file'] . ( null !== $owner['line'] ? ':' . $owner['line'] : '' ),
				);
			}
		}
		format_items( $format, $rows, $fields );
	}
}
