<?php
/**
 * Characters in the proxy credentials that WordPress cannot send as written.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint\Checks;

use ProxyHealth\Lint\Config_Check;
use ProxyHealth\Lint\Evidence;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;
use ProxyHealth\Probe\Credentials;

/**
 * Codes:
 * - proxy_username_has_colon (critical): Basic authentication sends "user:password" and the
 *   proxy splits it at the first colon, so a user name with a colon arrives cut short, the rest
 *   glued to the password, on both transports. No way of writing the constants avoids it.
 * - proxy_credentials_percent_decoded (critical): WordPress's cURL transport passes the pair as
 *   CURLOPT_PROXYUSERPWD, and libcurl URL-decodes the proxy user name and password however
 *   they were set (CURLOPT_PROXYUSERNAME and CURLOPT_PROXYPASSWORD too): "%41" reaches the
 *   proxy as "A" while fsockopen sends it as written. (Handing cURL rawurlencode()d values from
 *   an http_api_curl callback fixed the HTTPS tunnel but not plain HTTP through squid, so it is
 *   not offered.)
 *   Tried through squid: other reserved characters (@ : / # ? spaces) and non-ASCII pass on
 *   both transports.
 *
 * The password is read through Probe\Credentials and never shown: the evidence says only which
 * constant holds the sequence.
 *
 * @since 0.2.0
 */
final class Credential_Characters_Check implements Config_Check {

	/**
	 * @since 0.2.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$findings = array();
		$username = Evidence::raw( $context, 'username' );
		if ( null !== $username && false !== strpos( $username, ':' ) ) {
			$findings[] = new Finding(
				'proxy_username_has_colon',
				Finding::CRITICAL,
				__( 'The proxy user name contains a colon, which proxy authentication cannot send', 'proxy-health' ),
				__( 'WordPress sends the proxy credentials as "user name:password", and the proxy takes everything before the first colon as the user name. A user name with a colon therefore reaches the proxy cut short, with the rest of it taken as part of the password, and the proxy answers 407 even when both are right.', 'proxy-health' ),
				array(
					__( 'Ask the proxy administrator for an account whose user name has no colon, or for the form of the name the proxy expects.', 'proxy-health' ),
					__( 'A colon in the password is fine: only the first colon separates the two.', 'proxy-health' ),
				),
				array( Evidence::constant( $context, 'username' ) )
			);
		}

		$credentials = Credentials::from_wp_config();
		$decoded     = $credentials->is_set() ? $credentials->curl_decoded_parts() : array();
		if ( array() !== $decoded ) {
			$evidence = array();
			foreach ( $decoded as $part ) {
				$constant = 'password' === $part ? 'WP_PROXY_PASSWORD' : 'WP_PROXY_USERNAME';
				// Never the value: only where the sequence is.
				$evidence[] = $constant . ' holds "%" followed by two hexadecimal digits' . Evidence::where( $context, $constant );
			}
			$findings[] = new Finding(
				'proxy_credentials_percent_decoded',
				Finding::CRITICAL,
				__( 'cURL changes a "%" sequence in the proxy credentials before sending them', 'proxy-health' ),
				__( 'WordPress hands the proxy user name and password to cURL as one "user:password" string, and cURL decodes "%" followed by two hexadecimal digits in it ("%41" is sent as "A"). The proxy then gets another password than the one in wp-config.php and answers 407, while the fsockopen transport, which sends the value as written, works.', 'proxy-health' ),
				array(
					__( 'Choose a user name and password without "%" followed by two hexadecimal digits: the proxy then gets them as written from both transports.', 'proxy-health' ),
				),
				$evidence
			);
		}
		return $findings;
	}
}
