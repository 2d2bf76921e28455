<?php
/**
 * DOMAIN\user and user@domain proxy usernames.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint\Checks;

use ProxyHealth\Lint\Config_Check;
use ProxyHealth\Lint\Evidence;
use ProxyHealth\Lint\Finding;
use ProxyHealth\Lint\Lint_Context;

/**
 * Code: proxy_username_domain_form.
 *
 * A domain-qualified name is what NTLM and Kerberos proxies expect. libcurl (WordPress's cURL
 * path offers any scheme) splits "DOMAIN\user" for NTLM, but Basic sends it verbatim and the
 * fsockopen transport only does Basic, so the same constants work on one path and fail on the
 * other: recommended. When the value holds a control character, a backslash was eaten by a
 * double-quoted PHP string ("CORP\nina" is CORP, newline, ina): the name is certainly wrong,
 * critical.
 *
 * @since 0.1.0
 */
final class Username_Domain_Check implements Config_Check {

	/** Escapes PHP applies inside double quotes, apart from "\\" which is the correct way to write a backslash. */
	private const EATEN_ESCAPE = '/(?<!\\\\)(?:\\\\\\\\)*\\\\(?:[nrtvef$"0-7]|x[0-9A-Fa-f]|u\{)/';

	/**
	 * @since 0.1.0
	 *
	 * @param Lint_Context $context Inputs.
	 * @return list<Finding>
	 */
	public function run( Lint_Context $context ): array {
		$username = Evidence::raw( $context, 'username' );
		if ( null === $username || '' === $username ) {
			return array();
		}
		$scan       = $context->wp_config();
		$definition = null === $scan ? null : $scan->definition( 'WP_PROXY_USERNAME' );
		$literal    = null === $definition ? null : $definition['literal'];
		$eaten      = 1 === preg_match( '/[\x00-\x1f\x7f]/', $username )
			|| ( null !== $literal && str_starts_with( $literal, '"' ) && 1 === preg_match( self::EATEN_ESCAPE, $literal ) );
		$has_domain = str_contains( $username, '\\' ) || str_contains( $username, '@' );
		if ( ! $eaten && ! $has_domain ) {
			return array();
		}

		$evidence = array( Evidence::constant( $context, 'username' ) );
		if ( null !== $literal && null !== $definition ) {
			$evidence[] = sprintf( '%s line %d: WP_PROXY_USERNAME written as %s', $context->wp_config_name(), $definition['line'], Evidence::printable( $literal ) );
		}
		$remedies = array(
			__( 'Check which authentication schemes the proxy offers (run the checks and look at "Proxy-Authenticate"). For Basic, most proxies expect the user name without the domain, or in the form their administrator gives you.', 'proxy-health' ),
			__( 'For NTLM or Kerberos proxies, keep the domain form and make sure WordPress uses the cURL transport: fsockopen sends Basic only.', 'proxy-health' ),
		);
		if ( $eaten ) {
			array_unshift(
				$remedies,
				__( 'Write the user name in single quotes, with the backslash doubled to be safe: define( \'WP_PROXY_USERNAME\', \'DOMAIN\\\\user\' );', 'proxy-health' )
			);
		}
		return array(
			new Finding(
				'proxy_username_domain_form',
				$eaten ? Finding::CRITICAL : Finding::RECOMMENDED,
				$eaten
					? __( 'A backslash in the proxy user name was lost', 'proxy-health' )
					: __( 'The proxy user name includes a domain', 'proxy-health' ),
				$eaten
					? __( 'WP_PROXY_USERNAME is written in double quotes, where PHP turns a backslash and the next letter into a special character ("\\n" becomes a line break, "\\t" a tab). The user name WordPress sends is not the one you wrote, so the proxy rejects it.', 'proxy-health' )
					: __( 'The user name has the DOMAIN\\user or user@domain form used by NTLM and Kerberos proxies. WordPress\'s cURL transport can use NTLM, but Basic authentication (always used by the fsockopen transport) sends the name as written, which many proxies reject with 407.', 'proxy-health' ),
				$remedies,
				$evidence
			),
		);
	}
}
