<?php
/**
 * Titles, details and remedies for the inbound check's diagnosis codes.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Inbound;

use ProxyHealth\Diagnosis\Catalog;

/**
 * Words for each inbound code, in the same shape as the probe diagnoses. `inbound_blocked` and
 * `redirect_to_auth_host` are stable codes from the README's list; the others extend it.
 *
 * @since 0.1.0
 */
final class Inbound_Catalog {

	/**
	 * @since 0.1.0
	 *
	 * @param string       $code     Diagnosis code.
	 * @param list<string> $evidence Observations.
	 * @return array{code: string, severity: string, title: string, detail: string, remedies: list<string>, evidence: list<string>}
	 */
	public static function diagnosis( string $code, array $evidence ): array {
		$entries = self::entries();
		return Catalog::from_entry( $code, $entries[ $code ] ?? $entries['inbound_unreachable'], $evidence );
	}

	/**
	 * Every stable code of this catalog, in catalog order (exported with the REST schemas).
	 *
	 * @since 0.3.0
	 *
	 * @return list<string>
	 */
	public static function codes(): array {
		return array_keys( self::entries() );
	}

	/**
	 * @return array<string, array{0: string, 1: string, 2: string, 3: list<string>}>
	 */
	private static function entries(): array {
		return array(
			'inbound_ok'               => array(
				'good',
				__( 'Visitors and crawlers reach the site without a login', 'proxy-health' ),
				__( 'The home page, robots.txt and the REST API answered an anonymous browser and a search crawler without asking for authentication or sending them to another host.', 'proxy-health' ),
				array(),
			),
			'inbound_blocked'          => array(
				'critical',
				__( 'The site asks visitors or crawlers to log in', 'proxy-health' ),
				__( 'A request to the site itself was answered with 401 Unauthorized or 407 Proxy Authentication Required. Visitors see a login prompt and search engines cannot crawl the page.', 'proxy-health' ),
				array(
					__( 'Check the web server or hosting panel for password protection (.htpasswd, "protect directory") on the site or on robots.txt.', 'proxy-health' ),
					__( 'If a reverse proxy or firewall sits in front of the site, check whether it requires authentication for these paths or for crawler user agents.', 'proxy-health' ),
					__( 'Check security and maintenance-mode plugins that answer 401 to anonymous visitors.', 'proxy-health' ),
				),
			),
			'redirect_to_auth_host'    => array(
				'critical',
				__( 'The site redirects visitors to a host that demands a login', 'proxy-health' ),
				__( 'A redirect sent the client to another host, and that host answered 401 Unauthorized or 407 Proxy Authentication Required.', 'proxy-health' ),
				array(
					__( 'Look for the redirect in .htaccess (Redirect, RewriteRule) or the server configuration, and in redirect or SEO plugins.', 'proxy-health' ),
					__( 'Check the WordPress Address and Site Address in Settings → General: they must name the public host, not an internal proxy.', 'proxy-health' ),
				),
			),
			'inbound_redirect_offsite' => array(
				'recommended',
				__( 'The site redirects visitors to another host', 'proxy-health' ),
				__( 'A request to the site was redirected to a different host. That host answered without asking for a login, but make sure the redirect is intended.', 'proxy-health' ),
				array(
					__( 'Check .htaccess, the server configuration and redirect plugins for the rule that sends this request away.', 'proxy-health' ),
				),
			),
			'inbound_redirect_loop'    => array(
				'critical',
				__( 'A redirect loop stops visitors and crawlers', 'proxy-health' ),
				/* translators: %d: maximum number of redirects followed. */
				sprintf( __( 'A request to the site kept being redirected: it came back to a URL it had already visited, or passed more than %d redirects.', 'proxy-health' ), Redirect_Follower::MAX_HOPS ),
				array(
					__( 'Compare the WordPress Address and Site Address with the redirects in .htaccess (http ↔ https, www ↔ no www).', 'proxy-health' ),
					__( 'Behind a reverse proxy or load balancer, make sure WordPress knows the original scheme (X-Forwarded-Proto) so it does not redirect to https forever.', 'proxy-health' ),
				),
			),
			'inbound_unreachable'      => array(
				'recommended',
				__( 'The site could not request its own pages', 'proxy-health' ),
				__( 'A loopback request from the server to the site failed, so this check could not see what visitors get. Many hosts block loopback requests; that alone does not affect visitors.', 'proxy-health' ),
				array(
					__( 'Check Tools → Site Health for the loopback request test.', 'proxy-health' ),
					__( 'Ask your host whether the server may connect to its own public address.', 'proxy-health' ),
				),
			),
		);
	}
}
