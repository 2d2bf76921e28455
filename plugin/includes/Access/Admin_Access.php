<?php
/**
 * Who may use Proxy Health, and where its page is.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Access;

/**
 * The capability every part of Proxy Health asks for (the Tools page, the REST routes, the
 * alert notice, the clean-up on admin page loads) and the slug of Tools → Proxy Health, so that
 * parts below the admin page can check and link to it without knowing the page itself.
 *
 * @since 0.3.0
 */
final class Admin_Access {

	/** Slug of Tools → Proxy Health (tools.php?page=…). */
	public const PAGE_SLUG = 'proxy-health';

	/** The capability on a single site. */
	public const CAPABILITY = 'manage_options';

	/** The capability on a network: super admins only. */
	public const NETWORK_CAPABILITY = 'manage_network_options';

	/**
	 * Who may use Proxy Health: site administrators, and on a network only super admins (a site
	 * administrator would get a panel whose every request is refused).
	 *
	 * @since 0.3.0
	 */
	public static function capability(): string {
		return is_multisite() ? self::NETWORK_CAPABILITY : self::CAPABILITY;
	}

	/**
	 * Whether the current user may use Proxy Health.
	 *
	 * @since 0.3.0
	 */
	public static function allowed(): bool {
		return current_user_can( self::capability() );
	}

	/**
	 * The address of Tools → Proxy Health.
	 *
	 * @since 0.3.0
	 */
	public static function page_url(): string {
		return admin_url( 'tools.php?page=' . self::PAGE_SLUG );
	}
}
