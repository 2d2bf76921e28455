<?php
/**
 * The tokenizer shape on PHP 7.4: namespaced names joined as PHP 8 reads them, and the scan's
 * token_get_all() reader finding exactly what the PhpToken reader finds. Runs on PHP 8, where
 * PHP 7.4's name pieces are rebuilt from PHP 8's tokens.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Compat\Php_Tokens;
use ProxyHealth\Config\Config_Source;
use ProxyHealth\Scan\Pattern_Finder;

// phpcs:disable PHPCompatibility.Constants.NewConstants -- PHP 8's token types are the reference this test compares against (@requires PHP 8.0).

/**
 * @requires PHP 8.0
 */
final class Php_Tokens_Test extends TestCase {

	private const SOURCE = <<<'PHP'
<?php
namespace Vendor\Sub;
use GuzzleHttp\Client as Http;
\define( 'WP_PROXY_HOST', 'proxy.example' );
define( 'WP_PROXY_PORT', '3128' );
$c = new \GuzzleHttp\Client();
Foo\Bar::baz( namespace\qux(), \Foo\Bar::X );
$x->define( 'WP_PROXY_USERNAME', 'not a constant' );
PHP;

	/**
	 * What token_get_all() returns for the same source on PHP 7.4: each PHP 8 name token split
	 * into T_NAMESPACE / T_NS_SEPARATOR / T_STRING pieces.
	 *
	 * @param list<array{0: int, 1: string, 2: int}|string> $tokens PHP 8 tokens.
	 * @return list<array{0: int, 1: string, 2: int}|string>
	 */
	private static function as_php74( array $tokens ): array {
		$names = array( T_NAME_QUALIFIED, T_NAME_FULLY_QUALIFIED, T_NAME_RELATIVE );
		$split = array();
		foreach ( $tokens as $token ) {
			if ( ! is_array( $token ) || ! in_array( $token[0], $names, true ) ) {
				$split[] = $token;
				continue;
			}
			foreach ( (array) preg_split( '/(\\\\)/', $token[1], -1, PREG_SPLIT_DELIM_CAPTURE | PREG_SPLIT_NO_EMPTY ) as $piece ) {
				$piece   = (string) $piece;
				$type    = '\\' === $piece ? T_NS_SEPARATOR : ( 'namespace' === strtolower( $piece ) ? T_NAMESPACE : T_STRING );
				$split[] = array( $type, $piece, $token[2] );
			}
		}
		return $split;
	}

	public function test_php74_name_pieces_join_into_the_name_tokens_of_php8(): void {
		$php8  = token_get_all( self::SOURCE );
		$php74 = self::as_php74( $php8 );
		$this->assertGreaterThan( count( $php8 ), count( $php74 ), 'The split stream has name pieces.' );
		$this->assertSame( $php8, Php_Tokens::join_names( $php74 ) );
	}

	public function test_pieces_apart_stay_apart(): void {
		$tokens = Php_Tokens::join_names(
			array(
				array( T_NS_SEPARATOR, '\\', 1 ),
				array( T_WHITESPACE, ' ', 1 ),
				array( T_STRING, 'define', 1 ),
				'(',
			)
		);
		$this->assertSame( T_NS_SEPARATOR, $tokens[0][0] );
		$this->assertSame( T_STRING, $tokens[2][0] );
	}

	public function test_ids_are_php_constants_on_php8(): void {
		$this->assertSame( T_NAME_FULLY_QUALIFIED, Php_Tokens::id( 'T_NAME_FULLY_QUALIFIED' ) );
		$this->assertSame( T_NULLSAFE_OBJECT_OPERATOR, Php_Tokens::id( 'T_NULLSAFE_OBJECT_OPERATOR' ) );
		$this->expectException( \InvalidArgumentException::class );
		Php_Tokens::id( 'T_NOT_A_TOKEN' );
	}

	public function test_the_token_get_all_reader_finds_what_php_token_finds_in_every_fixture(): void {
		$root  = dirname( __DIR__ ) . '/fixtures/plugins';
		$files = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( $root, \FilesystemIterator::SKIP_DOTS ) );
		$found = 0;
		foreach ( $files as $file ) {
			if ( 'php' !== $file->getExtension() ) {
				continue;
			}
			$source = (string) file_get_contents( $file->getPathname() );
			try {
				$native = ( new Pattern_Finder() )->find( $source );
			} catch ( \ParseError $error ) {
				continue;
			}
			$this->assertSame( $native, ( new Pattern_Finder( false ) )->find( $source ), $file->getPathname() );
			$found += count( $native );
		}
		$this->assertGreaterThan( 10, $found, 'The fixtures hold patterns to find.' );
	}

	public function test_the_token_get_all_reader_tracks_lines_and_texts(): void {
		$tokens = Php_Tokens::significant( self::SOURCE, TOKEN_PARSE, false );
		$native = Php_Tokens::significant( self::SOURCE, TOKEN_PARSE );
		$this->assertSame(
			array_map( static fn( $t ): array => array( $t->id, $t->text, $t->line ), $native ),
			array_map( static fn( $t ): array => array( $t->id, $t->text, $t->line ), $tokens )
		);
		$this->assertTrue( $tokens[0]->is( T_NAMESPACE ) );
		$this->assertTrue( $tokens[1]->is( array( T_STRING, T_NAME_QUALIFIED ) ) );
		$this->assertTrue( $tokens[2]->is( ';' ) );
		$this->assertFalse( $tokens[2]->is( array( ',', T_STRING ) ) );
	}

	public function test_wp_config_tokens_keep_byte_offsets(): void {
		$tokens = Config_Source::tokens( self::SOURCE );
		$this->assertIsArray( $tokens );
		foreach ( $tokens as $token ) {
			$this->assertSame( $token[1], substr( self::SOURCE, $token[2], strlen( $token[1] ) ) );
		}
	}
}
