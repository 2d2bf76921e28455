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
			'@ in user, / in pw' => array( 'http://jdoe@corp.example:Pa/ss@proxy:3128', 'http://jdoe@corp.example:[redacted]@proxy:3128' ),
			'user@ only, port'   => array( 'http://jdoe@corp.example@proxy:3128', 'http://jdoe@corp.example@proxy:3128' ),
			'? and # in pw'      => array( 'https://u:a?b#c@proxy.test', 'https://u:[redacted]@proxy.test' ),
			'space in pw'        => array( 'http://u:pa ss@proxy.test:8080', 'http://u:[redacted]@proxy.test:8080' ),
		);
	}

	/**
	 * @dataProvider urls
	 */
	public function test_redacts_the_password_in_a_url( string $input, string $expected ): void {
		$this->assertSame( $expected, Redactor::url( $input ) );
	}

	/**
	 * Property: for generated user names and passwords made of reserved, percent, white-space and
	 * non-ASCII characters, the password never survives and the rest of the URL is kept, alone
	 * (as a proxy variable is written, scheme or not) and inside a log line.
	 */
	public function test_masks_every_generated_password_up_to_the_last_at_sign(): void {
		// Seeded: a failure names its case and reproduces.
		mt_srand( 407 );
		$awkward = array( '@', ':', '/', '%', '#', '?', ' ', "'", '"', '=', '&', ';', '+', '[', ']', '!', '$', '~', 'é', '日', '本', '🔑' );
		$plain   = str_split( 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-' );
		$pick    = static function ( int $length, bool $colon ) use ( $awkward, $plain ): string {
			$chars = array_merge( $awkward, $plain );
			$out   = '';
			for ( $i = 0; $i < $length; $i++ ) {
				$char = $chars[ mt_rand( 0, count( $chars ) - 1 ) ];
				$out .= ( ':' === $char && ! $colon ) ? '%3A' : $char; // A user name ends at its first ':'.
			}
			return $out;
		};
		for ( $case = 0; $case < 500; $case++ ) {
			$user     = $pick( mt_rand( 0, 12 ), false );
			$password = 'Z' . $pick( mt_rand( 1, 16 ), true ) . 'Q'; // Never a substring of the mask or the host by chance.
			$host     = 0 === $case % 3 ? 'proxy.corp.test:3128' : ( 1 === $case % 3 ? '[::1]:8080' : 'proxy' );
			$scheme   = array( 'http://', 'https://', 'socks5h://', '' )[ $case % 4 ];
			$url      = $scheme . $user . ':' . $password . '@' . $host;
			$expected = $scheme . $user . ':[redacted]@' . $host;
			$this->assertSame( $expected, Redactor::url( $url ), 'case ' . $case . ': ' . $url );
			if ( '' !== $scheme && ! preg_match( '/\s/', $user . $password ) ) {
				$this->assertStringNotContainsString( $password, Redactor::text( 'http_proxy=' . $url, array() ), 'case ' . $case );
				// In a line of text a URL ends at white space.
				$line = "* Uses proxy env variable http_proxy == '" . $url . "' (" . $case . ')';
				$this->assertSame( "* Uses proxy env variable http_proxy == '" . $expected . "' (" . $case . ')', Redactor::header_line( $line ), 'case ' . $case );
			}
		}
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
