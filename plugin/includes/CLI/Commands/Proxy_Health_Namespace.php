<?php
/**
 * `wp proxy-health`
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\CLI\Commands;

use WP_CLI\Dispatcher\CommandNamespace;

/**
 * Diagnoses "407 Proxy Authentication Required" on this site's outbound requests.
 *
 * Each subcommand is a thin layer over the service its REST route uses: `--format=json` prints
 * exactly the JSON the route answers, `--format=yaml` the same data as YAML, and the default
 * table a summary of it. Subcommands that print a list (check, hooks, scan) also take
 * `--format=csv` and `--fields`, through WP-CLI's own formatter. Arguments are checked by
 * WP-CLI against each subcommand's synopsis before the subcommand runs.
 *
 * ## EXAMPLES
 *
 *     # Is the proxy configured as WordPress will use it?
 *     $ wp proxy-health status
 *
 *     # Probe through the proxy; exit code 1 when the verdict is fail.
 *     $ wp proxy-health check --format=json
 *
 * @since 0.1.0
 */
final class Proxy_Health_Namespace extends CommandNamespace {
}
