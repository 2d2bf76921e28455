<?php
/**
 * The subcommands of `wp proxy-health`.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI;

use ProxyHealth\CLI\Commands\Allow_List_Command;
use ProxyHealth\CLI\Commands\Bisect_Command;
use ProxyHealth\CLI\Commands\Check_Command;
use ProxyHealth\CLI\Commands\Debug_Command;
use ProxyHealth\CLI\Commands\Explain_Command;
use ProxyHealth\CLI\Commands\Hooks_Command;
use ProxyHealth\CLI\Commands\Proxy_Health_Namespace;
use ProxyHealth\CLI\Commands\Report_Command;
use ProxyHealth\CLI\Commands\Scan_Command;
use ProxyHealth\CLI\Commands\Status_Command;

/**
 * One class per subcommand (its `__invoke()` docblock is the synopsis WP-CLI checks), under a
 * command namespace that carries the description of `wp proxy-health`. A new subcommand is a
 * class in Commands/ and a line here.
 *
 * @since 0.2.0
 */
final class Command_List {

	/** The top-level command. */
	public const NAME = 'proxy-health';

	/** Subcommand => the class that runs it. */
	public const SUBCOMMANDS = array(
		'status'     => Status_Command::class,
		'check'      => Check_Command::class,
		'explain'    => Explain_Command::class,
		'hooks'      => Hooks_Command::class,
		'scan'       => Scan_Command::class,
		'report'     => Report_Command::class,
		'debug'      => Debug_Command::class,
		'bisect'     => Bisect_Command::class,
		'allow-list' => Allow_List_Command::class,
	);

	/**
	 * Registers `wp proxy-health` and its subcommands; call only under WP-CLI.
	 *
	 * @since 0.2.0
	 */
	public static function register(): void {
		// The namespace first: WP-CLI defers a subcommand whose parent is not registered yet.
		\WP_CLI::add_command( self::NAME, Proxy_Health_Namespace::class );
		foreach ( self::SUBCOMMANDS as $name => $class ) {
			\WP_CLI::add_command( self::NAME . ' ' . $name, $class );
		}
		// Internal: one step of `wp proxy-health bisect` (Bisect_Steps), run in a child process.
		\WP_CLI::add_command(
			self::NAME . ' ' . Bisect_Steps::SUBCOMMAND,
			array( Bisect_Steps::class, 'command' ),
			// Not translated: this runs before `init`, and translating then is a notice since WordPress 6.7.
			array( 'shortdesc' => 'Internal: runs one step of wp proxy-health bisect in the sandbox (started by that command).' )
		);
	}
}
