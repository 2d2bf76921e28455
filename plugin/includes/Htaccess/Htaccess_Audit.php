<?php
/**
 * The .htaccess redirect audit: the rules, and the inbound chains they may shape.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Htaccess;

use ProxyHealth\Inbound\Inbound_Checker;
use ProxyHealth\Inbound\Redirect_Follower;
use ProxyHealth\Redaction\Redactor;

/**
 * Lists the redirect rules of ABSPATH/.htaccess (and of the home folder's when WordPress lives in
 * a subfolder), follows the inbound redirect chain of home, robots.txt and the sitemap hop by
 * hop, flags hops to other hosts, loops and 401/407 answers, and names the rule that likely made
 * each flagged hop (the first rule whose pattern matches the redirecting hop's URL, preferring
 * one that sends it where the hop went).
 *
 * @since 0.1.0
 *
 * @phpstan-import-type Rule from Htaccess_Parser
 * @phpstan-import-type Chain from Redirect_Follower
 * @phpstan-type Source array{path: string, file: string, base: string}
 * @phpstan-type Rule_Ref array{file: string, line: int, directive: string}
 * @phpstan-type Flag array{hop: int, reason: string, url: string, status: int, location?: string, rule: Rule_Ref|null}
 */
final class Htaccess_Audit {

	/** Seconds all chains together may take. */
	public const DEADLINE = 20;

	/** Flag reasons. */
	public const OTHER_HOST    = 'other_host';
	public const LOOP          = 'loop';
	public const AUTH_REQUIRED = 'auth_required';

	/** @var list<Source> */
	private array $sources;

	private Redirect_Follower $follower;

	/**
	 * @param list<Source>|null      $sources  Files to read; the site's by default.
	 * @param Redirect_Follower|null $follower Hop follower (the inbound check's).
	 */
	public function __construct( ?array $sources = null, ?Redirect_Follower $follower = null ) {
		$this->sources  = $sources ?? self::site_sources();
		$this->follower = $follower ?? new Redirect_Follower();
	}

	/**
	 * The whole audit.
	 *
	 * @since 0.1.0
	 *
	 * @param bool $follow Whether to follow the chains (network); false leaves `chains` empty.
	 * @return array{files: list<array{file: string, found: bool, hash: string|null}>, rules: list<Rule>, chains: list<array<string, mixed>>}
	 */
	public function run( bool $follow = true ): array {
		$files = array();
		$rules = array();
		foreach ( $this->sources as $source ) {
			$readable = is_file( $source['path'] ) && is_readable( $source['path'] );
			$contents = $readable ? (string) file_get_contents( $source['path'], false, null, 0, Htaccess_Parser::MAX_BYTES ) : ''; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local file (.htaccess), read up to a bound.
			$files[]  = array(
				'file'  => $source['file'],
				'found' => $readable,
				'hash'  => $readable ? md5( $contents ) : null,
			);
			$rules    = array_merge( $rules, Htaccess_Parser::parse( $contents, $source['file'] ) );
		}
		return array(
			'files'  => $files,
			'rules'  => $rules,
			'chains' => $follow ? $this->chains( $rules ) : array(),
		);
	}

	/**
	 * The entry points followed: name => URL.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, string>
	 */
	public static function entry_points(): array {
		return array(
			'home'    => home_url( '/' ),
			'robots'  => home_url( '/robots.txt' ),
			'sitemap' => home_url( '/wp-sitemap.xml' ),
		);
	}

	/**
	 * @param list<Rule> $rules Parsed rules.
	 * @return list<array<string, mixed>>
	 */
	private function chains( array $rules ): array {
		$deadline  = microtime( true ) + self::DEADLINE;
		$site_host = (string) wp_parse_url( home_url(), PHP_URL_HOST );
		$chains    = array();
		foreach ( self::entry_points() as $name => $url ) {
			$chain    = $this->follower->follow( $url, Inbound_Checker::AGENTS['anonymous'], $deadline );
			$chains[] = array(
				'entryPoint' => $name,
				'url'        => Redactor::url( $url ),
			) + $chain + array( 'flags' => self::flag_chain( $chain, $rules, $site_host, $this->bases() ) );
		}
		return $chains;
	}

	/**
	 * File label => URL path of its folder.
	 *
	 * @return array<string, string>
	 */
	private function bases(): array {
		return array_column( $this->sources, 'base', 'file' );
	}

	/**
	 * Flags the hops of one chain and ties each to the rule that likely made it.
	 *
	 * @since 0.1.0
	 *
	 * @param Chain                 $chain     Followed chain.
	 * @param list<Rule>            $rules     Parsed rules.
	 * @param string                $site_host Host of home_url().
	 * @param array<string, string> $bases     File label => URL path of its folder.
	 * @return list<Flag>
	 */
	public static function flag_chain( array $chain, array $rules, string $site_host, array $bases = array() ): array {
		$flags = array();
		$hops  = $chain['hops'];
		foreach ( $hops as $index => $hop ) {
			$on_site = self::same_host( $hop['url'], $site_host );
			if ( $on_site && isset( $hop['location'] ) && $hop['status'] >= 300 && $hop['status'] < 400 && ! self::same_host( $hop['location'], $site_host ) ) {
				$flags[] = self::flag( $index, self::OTHER_HOST, $hop, self::rule_for( $hop, $rules, $bases ) );
			}
			if ( in_array( $hop['status'], array( 401, 407 ), true ) ) {
				// A login demanded after a redirect is the redirect's doing; on the first hop no redirect rule made it.
				$previous = $hops[ $index - 1 ] ?? null;
				$flags[]  = self::flag( $index, self::AUTH_REQUIRED, $hop, null === $previous ? null : self::rule_for( $previous, $rules, $bases ) );
			}
		}
		if ( ( $chain['loop'] || $chain['tooManyHops'] ) && array() !== $hops ) {
			$index   = count( $hops ) - 1;
			$flags[] = self::flag( $index, self::LOOP, $hops[ $index ], self::rule_for( $hops[ $index ], $rules, $bases ) );
		}
		return $flags;
	}

	/**
	 * The rule that likely redirected this hop, or null.
	 *
	 * @param array<string, mixed>  $hop   A redirect hop (url, status, location).
	 * @param list<Rule>            $rules Parsed rules.
	 * @param array<string, string> $bases File label => folder URL path.
	 * @return Rule_Ref|null
	 */
	private static function rule_for( array $hop, array $rules, array $bases ): ?array {
		if ( ! isset( $hop['location'] ) ) {
			return null;
		}
		$fallback = null;
		foreach ( $rules as $rule ) {
			$target = Rule_Matcher::target( $rule, (string) $hop['url'], $bases[ $rule['file'] ] ?? '/' );
			if ( null === $target ) {
				continue;
			}
			$ref = array(
				'file'      => $rule['file'],
				'line'      => $rule['line'],
				'directive' => $rule['directive'],
			);
			// A rule that sends the hop exactly where it went, or at least to that host, beats one that merely matches.
			if ( self::normalize( $target ) === self::normalize( (string) $hop['location'] ) ) {
				return $ref;
			}
			if ( null === $fallback || ( ! $fallback[1] && self::same_host( $target, (string) wp_parse_url( (string) $hop['location'], PHP_URL_HOST ) ) ) ) {
				$fallback = array( $ref, self::same_host( $target, (string) wp_parse_url( (string) $hop['location'], PHP_URL_HOST ) ) );
			}
		}
		return null === $fallback ? null : $fallback[0];
	}

	/**
	 * @param array<string, mixed> $hop  The hop.
	 * @param Rule_Ref|null        $rule Likely rule.
	 * @return Flag
	 */
	private static function flag( int $index, string $reason, array $hop, ?array $rule ): array {
		$flag = array(
			'hop'    => $index,
			'reason' => $reason,
			'url'    => (string) $hop['url'],
			'status' => (int) $hop['status'],
		);
		if ( isset( $hop['location'] ) ) {
			$flag['location'] = (string) $hop['location'];
		}
		$flag['rule'] = $rule;
		return $flag;
	}

	private static function same_host( string $url, string $host ): bool {
		return strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) ) === strtolower( $host );
	}

	private static function normalize( string $url ): string {
		return strtolower( rtrim( $url, '/' ) );
	}

	/**
	 * ABSPATH/.htaccess and, when WordPress sits in a subfolder, the home folder's.
	 *
	 * @return list<Source>
	 */
	private static function site_sources(): array {
		if ( ! function_exists( 'get_home_path' ) ) {
			require_once ABSPATH . 'wp-admin/includes/file.php';
		}
		$abspath = trailingslashit( wp_normalize_path( ABSPATH ) );
		$home    = trailingslashit( wp_normalize_path( get_home_path() ) );
		$sources = array(
			array(
				'path' => $abspath . '.htaccess',
				'file' => '.htaccess',
				'base' => (string) ( wp_parse_url( site_url( '/' ), PHP_URL_PATH ) ?? '/' ),
			),
		);
		if ( $home !== $abspath ) {
			$sources[] = array(
				'path' => $home . '.htaccess',
				'file' => self::relative( $abspath, $home ) . '.htaccess',
				'base' => (string) ( wp_parse_url( home_url( '/' ), PHP_URL_PATH ) ?? '/' ),
			);
		}
		return $sources;
	}

	/**
	 * Path of folder $to relative to folder $from ("../" when it is the parent).
	 */
	private static function relative( string $from, string $to ): string {
		$from = explode( '/', trim( $from, '/' ) );
		$to   = explode( '/', trim( $to, '/' ) );
		while ( array() !== $from && array() !== $to && $from[0] === $to[0] ) {
			array_shift( $from );
			array_shift( $to );
		}
		$path = str_repeat( '../', count( $from ) ) . implode( '/', $to );
		return '' === $path || str_ends_with( $path, '/' ) ? $path : $path . '/';
	}
}
