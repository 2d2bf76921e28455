<?php
/**
 * Redaction of credentials in URLs.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Redaction\Redactor;

final class Redactor_Test extends TestCase {

	/**
	 * @return array<string, array{string, string}>
	 */
	public function urls(): array {
		return array(
			'with scheme'        => array( 'http://alice:s3cret@proxy.test:3128', 'http://alice:[redacted]@proxy.test:3128' ),
			'without scheme'     => array( 'alice:s3cret@proxy.test:3128', 'alice:[redacted]@proxy.test:3128' ),
			'no credentials'     => array( 'http://proxy.test:3128', 'http://proxy.test:3128' ),
			'user only'          => array( 'http://alice@proxy.test', 'http://alice@proxy.test' ),
			'colon in password'  => array( 'http://alice:a:b@proxy.test', 'http://alice:[redacted]@proxy.test' ),
			'host:port no creds' => array( 'proxy.test:3128', 'proxy.test:3128' ),
		);
	}

	/**
	 * @dataProvider urls
	 */
	public function test_redacts_the_password_in_a_url( string $input, string $expected ): void {
		$this->assertSame( $expected, Redactor::url( $input ) );
	}

	/**
	 * @return array<string, array{string, string}>
	 */
	public function header_lines(): array {
		return array(
			'proxy basic'     => array( '> Proxy-Authorization: Basic dXNlcjpwYXNz', '> Proxy-Authorization: Basic [redacted]' ),
			'proxy ntlm'      => array( '> Proxy-Authorization: NTLM TlRMTVNTUAABAAAA', '> Proxy-Authorization: NTLM [redacted]' ),
			'bare token'      => array( '> Authorization: token-without-scheme', '> Authorization: [redacted]' ),
			'cookie'          => array( '> Cookie: wordpress_logged_in=abc', '> Cookie: [redacted]' ),
			'set-cookie'      => array( '< Set-Cookie: a=b; path=/', '< Set-Cookie: [redacted]' ),
			'challenge stays' => array( '< Proxy-Authenticate: Basic realm="Lab"', '< Proxy-Authenticate: Basic realm="Lab"' ),
			'url in a line'   => array( '* Uses proxy env variable http_proxy == \'http://u:pw@p:3128\'', '* Uses proxy env variable http_proxy == \'http://u:[redacted]@p:3128\'' ),
		);
	}

	/**
	 * @dataProvider header_lines
	 */
	public function test_redacts_credentials_in_transcript_lines( string $input, string $expected ): void {
		$this->assertSame( $expected, Redactor::header_line( $input ) );
	}
}
