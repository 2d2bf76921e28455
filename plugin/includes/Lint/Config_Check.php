<?php
/**
 * A configuration check.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint;

/**
 * One static check of the proxy configuration. Checks only read their context: they never
 * make requests and never execute wp-config.php, so each can be tested on explicit inputs.
 *
 * Add your own through the `proxy_health_config_checks` filter.
 *
 * @since 0.1.0
 */
interface Config_Check {

	/**
	 * Findings about the given inputs; an empty list when the check has nothing to say.
	 *
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context What the check reads.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array;
}
