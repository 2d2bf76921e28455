<?php
/**
 * The sandbox's per-request cache on sites with a persistent object cache.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Bisection\Sandbox\Memory_Cache;

final class Memory_Cache_Test extends TestCase {

	public function test_it_follows_the_object_cache_api_within_one_request(): void {
		$cache = new Memory_Cache();
		$post  = (object) array( 'title' => 'kept' );
		$this->assertTrue( $cache->set( 'post', $post, 'posts' ) );
		$post->title = 'changed after set';
		$this->assertSame( 'kept', $cache->get( 'post', 'posts' )->title );

		$this->assertFalse( $cache->add( 'post', 'other', 'posts' ) );
		$this->assertTrue( $cache->add( 'n', 5 ) );
		$this->assertFalse( $cache->replace( 'missing', 1 ) );
		$this->assertTrue( $cache->replace( 'n', 7 ) );
		$this->assertSame( 10, $cache->incr( 'n', 3 ) );
		$this->assertSame( 0, $cache->decr( 'n', 100 ) );
		$this->assertFalse( $cache->incr( 'missing' ) );

		$cache->get( 'missing', 'default', false, $found );
		$this->assertFalse( $found );
		$this->assertSame( 0, $cache->get( 'n', '', false, $found ) );
		$this->assertTrue( $found );

		$this->assertTrue( $cache->delete( 'n' ) );
		$this->assertFalse( $cache->delete( 'n' ) );
		$cache->flush_group( 'posts' );
		$this->assertFalse( $cache->get( 'post', 'posts' ) );
	}

	/**
	 * On a network, a plugin under test that switches sites must read that site's options: core's
	 * own cache keys site groups by blog id, and so does this one. Shared groups stay shared.
	 */
	public function test_site_groups_are_per_site_and_global_groups_are_shared(): void {
		$cache = new Memory_Cache();
		$cache->set( 'alloptions', array( 'blogname' => 'Main' ), 'options' );
		$cache->set( 7, 'user seven', 'users' );
		$cache->add_global_groups( array( 'plugin-network-data' ) );
		$cache->set( 'k', 'network wide', 'plugin-network-data' );

		$cache->switch_to_blog( 2 );
		$cache->get( 'alloptions', 'options', false, $found );
		$this->assertFalse( $found );
		$this->assertTrue( $cache->add( 'alloptions', array( 'blogname' => 'Second' ), 'options' ) );
		$this->assertSame( 'user seven', $cache->get( 7, 'users' ) );
		$this->assertSame( 'network wide', $cache->get( 'k', 'plugin-network-data' ) );

		$cache->switch_to_blog( get_current_blog_id() );
		$this->assertSame( array( 'blogname' => 'Main' ), $cache->get( 'alloptions', 'options' ) );
	}

	public function test_methods_it_does_not_need_answer_false_instead_of_reaching_a_store(): void {
		$cache = new Memory_Cache();
		$this->assertFalse( $cache->close() );
		$this->assertFalse( $cache->add_non_persistent_groups( array( 'counts' ) ) );
		$this->assertTrue( $cache->supports( 'flush_group' ) );
		$this->assertFalse( $cache->supports( 'teleport' ) );
	}
}
