<?php
/**
 * What a visitor and a crawler get from the site's home page, robots.txt and REST root.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Inbound;

use ProxyHealth\Redaction\Redactor;

/**
 * Fetches the site's own entry points as an anonymous browser and as a search crawler,
 * following redirects hop by hop, and explains what would stop them: a 401 or 407, a redirect
 * to a host that asks for (proxy) authentication, a redirect to another host, or a loop.
 *
 * @since 0.1.0
 *
 * @phpstan-import-type Chain from Redirect_Follower
 */
final class Inbound_Checker {

	/** Seconds the whole check may take: 3 entry points × 2 clients, each a bounded chain. */
	public const DEADLINE = 60;

	/** Client name => User-Agent. */
	public const AGENTS = array(
		'anonymous' => 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 ProxyHealth-Inbound',
		'crawler'   => 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) ProxyHealth-Inbound',
	);

	/** Statuses that ask the client (401) or its proxy (407) to authenticate. */
	private const AUTH_STATUSES = array( 401, 407 );

	private Redirect_Follower $follower;

	public function __construct( ?Redirect_Follower $follower = null ) {
		$this->follower = $follower ?? new Redirect_Follower();
	}

	/**
	 * The entry points checked: name => URL.
	 *
	 * @since 0.1.0
	 *
	 * @return array<string, string>
	 */
	public static function entry_points(): array {
		return array(
			'home'    => home_url( '/' ),
			'robots'  => home_url( '/robots.txt' ),
			'restApi' => get_rest_url(),
		);
	}

	/**
	 * Runs the check.
	 *
	 * @since 0.1.0
	 *
	 * @return array{createdAt: string, verdict: string, chains: list<array<string, mixed>>, diagnoses: list<array<string, mixed>>}
	 */
	public function run(): array {
		$deadline = microtime( true ) + self::DEADLINE;
		$chains   = array();
		foreach ( self::entry_points() as $name => $url ) {
			foreach ( self::AGENTS as $agent => $user_agent ) {
				$chains[] = array(
					'entryPoint' => $name,
					'client'     => $agent,
					'url'        => Redactor::url( $url ),
				) + $this->follower->follow( $url, $user_agent, $deadline );
			}
		}
		$diagnoses = $this->diagnose( $chains, (string) wp_parse_url( home_url(), PHP_URL_HOST ) );
		$severity  = array_column( $diagnoses, 'severity' );
		return array(
			'createdAt' => gmdate( 'c' ),
			'verdict'   => in_array( 'critical', $severity, true ) ? 'fail' : ( in_array( 'recommended', $severity, true ) ? 'warn' : 'pass' ),
			'chains'    => $chains,
			'diagnoses' => $diagnoses,
		);
	}

	/**
	 * One diagnosis per code, each with the chains it rests on as evidence.
	 *
	 * @param list<array<string, mixed>> $chains    Followed chains.
	 * @param string                     $site_host Host of home_url().
	 * @return list<array<string, mixed>>
	 */
	private function diagnose( array $chains, string $site_host ): array {
		$evidence = array();
		foreach ( $chains as $chain ) {
			foreach ( $this->codes_for( $chain, $site_host ) as $code ) {
				$evidence[ $code ][] = self::evidence( $chain );
			}
		}
		if ( array() === $evidence ) {
			$evidence['inbound_ok'] = array_map( array( self::class, 'evidence' ), $chains );
		}
		$diagnoses = array();
		foreach ( $evidence as $code => $lines ) {
			$diagnoses[] = Inbound_Catalog::diagnosis( $code, $lines );
		}
		return $diagnoses;
	}

	/**
	 * @param array<string, mixed> $chain     A followed chain.
	 * @param string               $site_host Host of home_url().
	 * @return list<string> Diagnosis codes.
	 */
	private function codes_for( array $chain, string $site_host ): array {
		$codes    = array();
		$off_site = false;
		foreach ( $chain['hops'] as $hop ) {
			$host     = strtolower( (string) wp_parse_url( $hop['url'], PHP_URL_HOST ) );
			$off_site = $off_site || strtolower( $site_host ) !== $host;
			if ( in_array( $hop['status'], self::AUTH_STATUSES, true ) ) {
				// A 401/407 met after leaving the site is the redirect's fault, not the site's.
				$codes[] = $off_site ? 'redirect_to_auth_host' : 'inbound_blocked';
			}
		}
		if ( $off_site && array() === $codes ) {
			$codes[] = 'inbound_redirect_offsite';
		}
		if ( $chain['loop'] || $chain['tooManyHops'] ) {
			$codes[] = 'inbound_redirect_loop';
		}
		if ( isset( $chain['error'] ) ) {
			$codes[] = 'inbound_unreachable';
		}
		return array_values( array_unique( $codes ) );
	}

	/**
	 * "crawler robots: GET http://site/robots.txt → 302 → http://other/ → 407 (Server: …)".
	 *
	 * @param array<string, mixed> $chain A followed chain.
	 */
	private static function evidence( array $chain ): string {
		$line = $chain['client'] . ' ' . $chain['entryPoint'] . ': GET ' . $chain['url'];
		foreach ( $chain['hops'] as $index => $hop ) {
			if ( $index > 0 ) {
				$line .= ' → ' . $hop['url'];
			}
			$line .= ' → ' . $hop['status'];
			if ( in_array( $hop['status'], self::AUTH_STATUSES, true ) ) {
				foreach ( array( 'authenticate', 'server', 'via' ) as $field ) {
					if ( isset( $hop[ $field ] ) ) {
						$line .= ' (' . $field . ': ' . $hop[ $field ] . ')';
					}
				}
			}
		}
		if ( $chain['loop'] ) {
			$line .= ' → loop';
		} elseif ( $chain['tooManyHops'] ) {
			$line .= ' → more than ' . Redirect_Follower::MAX_HOPS . ' hops';
		}
		if ( isset( $chain['error'] ) ) {
			$line .= ' → ' . $chain['error']['message'];
		}
		return $line;
	}
}
