<?php
/**
 * The probe history stays under a size the database always accepts: transcripts are cut, long
 * strings are cut, and when 50 reports would still be too large the oldest go, so the newest
 * report is always saved. Recorded call URLs and errors are cut too.
 *
 * @package ProxyHealth\Tests
 */

declare(strict_types = 1);

namespace ProxyHealth\Tests;

use PHPUnit\Framework\TestCase;
use ProxyHealth\Probe\History;

final class History_Bounds_Test extends TestCase {

	protected function tearDown(): void {
		delete_option( History::OPTION );
		parent::tearDown();
	}

	/**
	 * A report as large as a verbose cURL run against a chatty proxy makes it.
	 *
	 * @return array<string, mixed>
	 */
	private static function huge_report( int $n ): array {
		$results = array();
		for ( $i = 0; $i < 8; $i++ ) {
			$results[] = array(
				'target'     => 'http://127.0.0.3/' . str_repeat( 'p', 20000 ),
				'outcome'    => 'proxy_auth_required',
				'transcript' => array_fill( 0, 400, '< X-Squid-Error: ' . str_repeat( 'é', 300 ) ),
				'error'      => array( 'message' => str_repeat( 'm', 50000 ) ),
			);
		}
		return array(
			'id'        => 'report-' . $n,
			'createdAt' => gmdate( 'c' ),
			'verdict'   => 'fail',
			'results'   => $results,
		);
	}

	public function test_fifty_huge_reports_stay_under_the_bound_and_the_newest_is_always_saved(): void {
		global $wpdb;
		for ( $n = 0; $n < 50; $n++ ) {
			History::add( self::huge_report( $n ) );
			$this->assertNotNull( History::find( 'report-' . $n ), 'report ' . $n . ' was not saved' );
		}
		$size = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT LENGTH(option_value) FROM %i WHERE option_name = %s', $wpdb->options, History::OPTION ) );
		$this->assertLessThanOrEqual( History::MAX_BYTES, $size );

		$latest = History::all()[0];
		$this->assertSame( 'report-49', $latest['id'] );
		foreach ( $latest['results'] as $result ) {
			$this->assertLessThanOrEqual( History::TRANSCRIPT_LINES + 1, count( $result['transcript'] ?? array() ) );
			$this->assertLessThanOrEqual( History::STRING_BYTES, strlen( $result['target'] ) );
			$this->assertLessThanOrEqual( History::STRING_BYTES, strlen( $result['error']['message'] ) );
			$this->assertTrue( mb_check_encoding( (string) ( $result['transcript'][0] ?? '' ), 'UTF-8' ) );
		}
	}
}
