<?php
/**
 * The .htaccess audit: parsing fixture files (line numbers, statuses, conditions, redaction),
 * matching rules against URLs, and tying flagged hops of synthetic chains to their rule. The
 * lab runs on `php -S`, which ignores .htaccess, so tie-to-rule is tested here with synthetic
 * hops; tests/integration/htaccess-audit.test.ts follows a real chain made by a must-use plugin.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use ProxyHealth\Htaccess\Htaccess_Audit;
use ProxyHealth\Htaccess\Htaccess_Parser;
use ProxyHealth\Htaccess\Rule_Matcher;

final class Htaccess_Audit_Test extends Rest_Test_Case {

	private const FIXTURES = __DIR__ . '/../fixtures/htaccess/';

	/** An .htaccess written into the lab site by a test, removed after it. */
	private string $written = '';

	protected function tearDown(): void {
		if ( '' !== $this->written && is_file( $this->written ) ) {
			unlink( $this->written );
		}
		parent::tearDown();
	}

	/**
	 * @return list<array<string, mixed>>
	 */
	private static function rules( string $fixture ): array {
		return Htaccess_Parser::parse( (string) file_get_contents( self::FIXTURES . $fixture ), $fixture );
	}

	/**
	 * @param list<array<string, mixed>> $rules
	 * @return array<int, array<string, mixed>> Line => rule.
	 */
	private static function by_line( array $rules ): array {
		return array_column( $rules, null, 'line' );
	}

	public function test_mod_alias_redirects_are_found_with_their_lines_and_statuses(): void {
		$rules = self::by_line( self::rules( 'alias.htaccess' ) );
		$this->assertSame( array( 2, 3, 4, 5, 6, 7, 11 ), array_keys( $rules ), 'gone/410 are not redirects' );
		$expected = array(
			2  => array( 'Redirect', 302, '/old-page', 'https://example.test/new-page', 'prefix' ),
			3  => array( 'Redirect', 301, '/shop', 'https://shop.example.test', 'prefix' ),
			4  => array( 'Redirect', 301, '/login-area', 'https://sso.example.test/login area', 'prefix' ),
			5  => array( 'RedirectMatch', 302, '^/robots\.txt$', 'http://auth.proxy.test/robots.txt', 'regex' ),
			6  => array( 'RedirectPermanent', 301, '/blog/', 'https://blog.example.test/', 'prefix' ),
			7  => array( 'RedirectTemp', 302, '/tmp', 'http://example.test/maintenance', 'prefix' ),
			11 => array( 'RedirectMatch', 303, '^/feed/(.*)$', 'https://feeds.example.test/$1', 'regex' ),
		);
		foreach ( $expected as $line => list( $directive, $status, $pattern, $target, $match ) ) {
			$this->assertSame( $directive, $rules[ $line ]['directive'], "line $line" );
			$this->assertSame( $status, $rules[ $line ]['status'], "line $line" );
			$this->assertSame( $pattern, $rules[ $line ]['pattern'], "line $line" );
			$this->assertSame( $target, $rules[ $line ]['target'], "line $line" );
			$this->assertSame( $match, $rules[ $line ]['match'], "line $line" );
			$this->assertSame( 'alias.htaccess', $rules[ $line ]['file'] );
		}
	}

	public function test_rewrite_rules_that_redirect_are_found_with_their_conditions(): void {
		$rules = self::by_line( self::rules( 'rewrite.htaccess' ) );
		// Line 10 has no [R] but an absolute URL on another host: mod_rewrite redirects it anyway.
		$this->assertSame( array( 7, 10, 15, 16, 17 ), array_keys( $rules ), 'internal rewrites (index.php) are not redirects' );
		$this->assertSame( 301, $rules[7]['status'] );
		$this->assertSame( array( 'R=301', 'L' ), $rules[7]['flags'] );
		$this->assertSame( array( 5, 6 ), array_column( $rules[7]['conditions'], 'line' ) );
		$this->assertSame( array( '%{HTTPS}', 'off' ), array( $rules[7]['conditions'][0]['test'], $rules[7]['conditions'][0]['pattern'] ) );
		$this->assertSame( array( 'NC' ), $rules[7]['conditions'][1]['flags'] );
		// A condition continued with a backslash keeps its first line and its flags.
		$this->assertSame( 8, $rules[10]['conditions'][0]['line'] );
		$this->assertSame( array( 'NC' ), $rules[10]['conditions'][0]['flags'] );
		$this->assertSame( 302, $rules[10]['status'] );
		$this->assertSame( 302, $rules[15]['status'], '[R] alone is 302' );
		$this->assertSame( array(), $rules[15]['conditions'], 'conditions belong to the next rule only' );
		$this->assertSame( 301, $rules[16]['status'], '[redirect=permanent]' );
	}

	public function test_credentials_in_a_rule_are_redacted(): void {
		$rules = self::by_line( self::rules( 'rewrite.htaccess' ) );
		$json  = (string) wp_json_encode( $rules );
		$this->assertStringNotContainsString( 's3cret-in-rule', $json );
		$this->assertStringContainsString( 'http://user:[redacted]@other.test/', $rules[17]['target'] );
	}

	public function test_bom_and_crlf_do_not_shift_line_numbers(): void {
		$rules = self::by_line( self::rules( 'crlf-bom.htaccess' ) );
		$this->assertSame( array( 2, 5 ), array_keys( $rules ) );
		$this->assertSame( 'Redirect', $rules[2]['directive'] );
		$this->assertSame( 307, $rules[5]['status'] );
		$this->assertSame( 4, $rules[5]['conditions'][0]['line'] );
		$this->assertSame( 'http://b.test/', Rule_Matcher::target( $rules[5], 'http://site.test/b' ) );
		$this->assertNull( Rule_Matcher::target( $rules[5], 'http://other.test/b' ), '=site.test condition' );
	}

	public function test_rules_match_urls_as_apache_would(): void {
		$alias   = self::by_line( self::rules( 'alias.htaccess' ) );
		$rewrite = self::by_line( self::rules( 'rewrite.htaccess' ) );
		$this->assertSame( 'https://example.test/new-page/x', Rule_Matcher::target( $alias[2], 'http://site.test/old-page/x' ) );
		$this->assertNull( Rule_Matcher::target( $alias[2], 'http://site.test/old-pages' ), 'whole path segments only' );
		$this->assertSame( 'https://feeds.example.test/rss', Rule_Matcher::target( $alias[11], 'http://site.test/feed/rss' ) );
		$this->assertSame( 'https://site.test/about', Rule_Matcher::target( $rewrite[7], 'http://site.test/about' ) );
		$this->assertSame( 'https://WWW.site.test/', Rule_Matcher::target( $rewrite[7], 'http://WWW.site.test/' ), '[NC] host condition' );
		$this->assertNull( Rule_Matcher::target( $rewrite[7], 'https://site.test/about' ), '%{HTTPS} off fails on https' );
		$this->assertNull( Rule_Matcher::target( $rewrite[7], 'http://elsewhere.test/about' ), 'host condition fails' );
		$this->assertSame( 'https://site.test/landing/x', Rule_Matcher::target( $rewrite[15], 'https://site.test/GO/x' ) );
		// In a subfolder's .htaccess the pattern sees the path relative to that folder.
		$this->assertSame( 'https://site.test/landing/x', Rule_Matcher::target( $rewrite[15], 'https://site.test/blog/go/x', '/blog/' ) );
		$this->assertNull( Rule_Matcher::target( $rewrite[15], 'https://site.test/go/x', '/blog/' ), 'a folder\'s .htaccess does not see requests outside it' );
	}

	public function test_flagged_hops_are_tied_to_the_rule_that_made_them(): void {
		$rules = array_merge( self::rules( 'rewrite.htaccess' ), self::rules( 'alias.htaccess' ) );

		// http → https on the same host: nothing to flag.
		$same = array(
			'hops'        => array(
				array( 'url' => 'http://site.test/', 'status' => 301, 'location' => 'https://site.test/' ),
				array( 'url' => 'https://site.test/', 'status' => 200 ),
			),
			'loop'        => false,
			'tooManyHops' => false,
		);
		$this->assertSame( array(), Htaccess_Audit::flag_chain( $same, $rules, 'site.test' ) );

		// robots.txt sent to a host that asks for proxy credentials: the RewriteRule on line 7 matches
		// too, but only the RedirectMatch on line 5 of alias.htaccess sends it there.
		$robots = array(
			'hops'        => array(
				array( 'url' => 'http://site.test/robots.txt', 'status' => 302, 'location' => 'http://auth.proxy.test/robots.txt' ),
				array( 'url' => 'http://auth.proxy.test/robots.txt', 'status' => 407, 'authenticate' => 'Basic realm="corp"' ),
			),
			'loop'        => false,
			'tooManyHops' => false,
		);
		$flags  = Htaccess_Audit::flag_chain( $robots, $rules, 'site.test' );
		$this->assertSame( array( 'other_host', 'auth_required' ), array_column( $flags, 'reason' ) );
		$this->assertSame( array( 0, 1 ), array_column( $flags, 'hop' ) );
		foreach ( $flags as $flag ) {
			$this->assertSame(
				array(
					'file'      => 'alias.htaccess',
					'line'      => 5,
					'directive' => 'RedirectMatch',
				),
				$flag['rule']
			);
		}

		// The sitemap over https, sent away by an absolute-URL RewriteRule, then 401.
		$sitemap = array(
			'hops'        => array(
				array( 'url' => 'https://site.test/wp-sitemap.xml', 'status' => 302, 'location' => 'http://gateway.proxy.test/wp-sitemap.xml' ),
				array( 'url' => 'http://gateway.proxy.test/wp-sitemap.xml', 'status' => 401 ),
			),
			'loop'        => false,
			'tooManyHops' => false,
		);
		$flags   = Htaccess_Audit::flag_chain( $sitemap, $rules, 'site.test' );
		$this->assertSame( array( 10, 10 ), array_column( array_column( $flags, 'rule' ), 'line' ) );
		$this->assertSame( 401, $flags[1]['status'] );

		// A loop: the last hop points back to itself.
		$loop  = array(
			'hops'        => array( array( 'url' => 'https://site.test/loop', 'status' => 301, 'location' => 'https://site.test/loop' ) ),
			'loop'        => true,
			'tooManyHops' => false,
		);
		$flags = Htaccess_Audit::flag_chain( $loop, $rules, 'site.test' );
		$this->assertSame( 'loop', $flags[0]['reason'] );
		$this->assertSame( array( 'rewrite.htaccess', 16 ), array( $flags[0]['rule']['file'], $flags[0]['rule']['line'] ) );

		// A 401 on the first hop: password protection, not a redirect rule.
		$first = array(
			'hops'        => array( array( 'url' => 'http://site.test/', 'status' => 401 ) ),
			'loop'        => false,
			'tooManyHops' => false,
		);
		$flags = Htaccess_Audit::flag_chain( $first, $rules, 'site.test' );
		$this->assertSame( 'auth_required', $flags[0]['reason'] );
		$this->assertNull( $flags[0]['rule'] );

		// Off-site with no rule matching: flagged, rule unknown (a plugin or the server config did it).
		$unknown = array(
			'hops'        => array( array( 'url' => 'http://site.test/elsewhere', 'status' => 302, 'location' => 'http://x.test/' ) ),
			'loop'        => false,
			'tooManyHops' => false,
		);
		$this->assertNull( Htaccess_Audit::flag_chain( $unknown, self::rules( 'alias.htaccess' ), 'site.test' )[0]['rule'] );
	}

	public function test_evidence_route_returns_the_site_htaccess_rules_and_chains(): void {
		$this->written = ABSPATH . '.htaccess';
		$this->assertFileDoesNotExist( $this->written, 'the lab site has no .htaccess of its own' );
		copy( self::FIXTURES . 'alias.htaccess', $this->written );
		$this->act_as( 'administrator' );
		$request = new \WP_REST_Request( 'GET', '/proxy-health/v1/evidence' );
		$request->set_query_params( array( 'chains' => false ) );
		$audit = rest_do_request( $request )->get_data()['htaccess'];
		$this->assertSame( '.htaccess', $audit['files'][0]['file'] );
		$this->assertTrue( $audit['files'][0]['found'] );
		$this->assertSame( md5_file( $this->written ), $audit['files'][0]['hash'] );
		$this->assertSame( array( 2, 3, 4, 5, 6, 7, 11 ), array_column( $audit['rules'], 'line' ) );
		$this->assertSame( array(), $audit['chains'] );

		$request->set_query_params( array( 'chains' => 'sometimes' ) );
		$response = rest_do_request( $request );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
	}
}
