<?php
/**
 * The rules WordPress applies to WP_PROXY_*, as Proxy_Config reports them.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Proxy\Proxy_Config;
use WP_HTTP_Proxy;

final class Proxy_Config_Test extends TestCase {

	public function test_the_proxy_is_on_only_with_host_and_port(): void {
		$this->assertFalse( Proxy_Config::from_array( array( 'WP_PROXY_HOST' => 'proxy.test' ) )->is_enabled() );
		$this->assertFalse( Proxy_Config::from_array( array( 'WP_PROXY_PORT' => '3128' ) )->is_enabled() );
		$this->assertTrue( Proxy_Config::from_array( array( 'WP_PROXY_HOST' => 'proxy.test', 'WP_PROXY_PORT' => 3128 ) )->is_enabled() );
	}

	public function test_credentials_are_sent_only_when_both_are_defined(): void {
		$user_only = Proxy_Config::from_array( array( 'WP_PROXY_USERNAME' => 'u' ) );
		$this->assertFalse( $user_only->uses_authentication() );
		$this->assertFalse( $user_only->to_array()['hasPassword'] );

		$both = Proxy_Config::from_array( array( 'WP_PROXY_USERNAME' => 'u', 'WP_PROXY_PASSWORD' => 'p' ) );
		$this->assertTrue( $both->uses_authentication() );
	}

	public function test_agrees_with_wordpress_on_the_constants_of_this_request(): void {
		$ours = Proxy_Config::from_constants();
		$core = new WP_HTTP_Proxy();
		$this->assertSame( $core->is_enabled(), $ours->is_enabled() );
		$this->assertSame( $core->use_authentication(), $ours->uses_authentication() );
		$this->assertSame( $core->host(), (string) $ours->to_array()['host'] );
		$this->assertSame( $core->port(), (string) $ours->to_array()['port'] );
	}

	public function test_bypass_list_is_split_like_wordpress_splits_it(): void {
		$config = Proxy_Config::from_array( array( 'WP_PROXY_BYPASS_HOSTS' => 'a.test, *.b.test,c.test ,d.test' ) );
		// WordPress splits on a comma followed by optional whitespace, so "c.test " keeps its space.
		$this->assertSame( array( 'a.test', '*.b.test', 'c.test ', 'd.test' ), $config->to_array()['bypassHosts'] );
	}

	public function test_the_password_is_never_part_of_the_shape(): void {
		$shape = Proxy_Config::from_array(
			array(
				'WP_PROXY_HOST'     => 'proxy.test',
				'WP_PROXY_PORT'     => '3128',
				'WP_PROXY_USERNAME' => 'u',
				'WP_PROXY_PASSWORD' => 'canary-secret',
			)
		)->to_array();
		$this->assertStringNotContainsString( 'canary-secret', (string) wp_json_encode( $shape ) );
		$this->assertArrayNotHasKey( 'password', $shape );
		$this->assertSame( 'constant', $shape['sources']['password'] );
	}
}
