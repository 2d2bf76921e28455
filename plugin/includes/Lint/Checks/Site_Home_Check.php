<?php
/**
 * siteurl and home on different hosts.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint\Checks;

use ProxyHealth\Proxy\Bypass_List;
use ProxyHealth\Lint\Config_Check;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;

/**
 * Code: site_home_host_mismatch. WordPress never proxies "localhost" and the siteurl host; the
 * home host gets no such exception. Loopback requests to home (the REST API check of Site
 * Health, cache preloaders, sitemap pings) then go through the proxy, which may not reach the
 * site or may demand credentials. Recommended: the proxy works, only the site's own calls suffer.
 *
 * @since 0.1.0
 */
final class Site_Home_Check implements Config_Check {

	/**
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		if ( ! $context->proxy()->is_enabled() ) {
			return array();
		}
		$site_host = (string) wp_parse_url( $context->siteurl(), PHP_URL_HOST );
		$home_host = (string) wp_parse_url( $context->home(), PHP_URL_HOST );
		if ( '' === $site_host || '' === $home_host || strtolower( $site_host ) === strtolower( $home_host ) || 'localhost' === $home_host ) {
			return array();
		}
		$bypass = $context->proxy()->to_array()['bypassHosts'];
		if ( null !== $bypass && ( new Bypass_List( $bypass ) )->matches( $home_host ) ) {
			return array();
		}
		return array(
			new Finding(
				'site_home_host_mismatch',
				Finding::RECOMMENDED,
				__( 'Requests to the site\'s home address go through the proxy', 'proxy-health' ),
				/* translators: 1: home host, 2: siteurl host. */
				sprintf( __( 'WordPress sends requests to its own siteurl host (%2$s) directly, but the home address is on another host (%1$s), which is not in WP_PROXY_BYPASS_HOSTS. The site\'s calls to itself through home (REST API checks, cache warmers, plugins that fetch their own pages) go through the proxy, which may not reach the site or may answer 407.', 'proxy-health' ), $home_host, $site_host ),
				array(
					/* translators: %s: host name. */
					sprintf( __( 'Add %s to WP_PROXY_BYPASS_HOSTS.', 'proxy-health' ), $home_host ),
				),
				array(
					sprintf( 'siteurl = %s', $context->siteurl() ),
					sprintf( 'home = %s', $context->home() ),
				)
			),
		);
	}
}
