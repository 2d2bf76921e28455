<?php
/**
 * The status document: proxy configuration, transports, environment proxies, runtime, lint.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Report;

use ProxyHealth\Lint\Config_Linter;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;
use ProxyHealth\Config\Write_Policy;
use ProxyHealth\Probe\Parallel_Runner;
use ProxyHealth\Proxy\Environment;
use ProxyHealth\Proxy\Proxy_Config;

/**
 * Builds what GET /status returns, for the route, `wp proxy-health status` and the report.
 * Read-only; the password is reported only as `hasPassword`.
 *
 * @since 0.1.0
 */
final class Status_Report {

	/**
	 * The status document.
	 *
	 * @since 0.1.0
	 *
	 * @return array{proxy: array<string, mixed>, transports: array<string, mixed>, environment: list<array<string, string>>, runtime: array{wordpress: string, php: string, sapi: string, parallelFsockopen: array{available: bool, reason: string|null}}, writeFeatures: array<string, array{available: bool, reason: string|null}>, findings: list<array<string, mixed>>}
	 */
	public static function build(): array {
		global $wp_version;
		return array(
			'proxy'       => Proxy_Config::from_constants()->to_array(),
			'transports'  => Environment::transports(),
			'environment' => Environment::proxy_variables(),
			'runtime'     => array(
				'wordpress'         => (string) $wp_version,
				'php'               => PHP_VERSION,
				'sapi'              => PHP_SAPI,
				'parallelFsockopen' => Parallel_Runner::parallel_fsockopen(),
			),
			// Which features that write files this site allows (DISALLOW_FILE_MODS, file permissions).
			'writeFeatures' => Write_Policy::features(),
			'findings'    => array_map(
				static fn( Finding $finding ): array => $finding->to_array(),
				( new Config_Linter() )->lint( Lint_Context::from_wordpress() )
			),
		);
	}
}
