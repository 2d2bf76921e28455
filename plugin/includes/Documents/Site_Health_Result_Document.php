<?php
/**
 * The Site Health result document: GET /proxy-health/v1/site-health (and the direct test).
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Documents;

use ProxyHealth\Access\Admin_Access;
use ProxyHealth\Alerts\Verdict_Alert;
use ProxyHealth\Diagnosis\Probe_Report;
use ProxyHealth\Probe\Probe_Runner;

/**
 * Runs the probe engine on its default targets and turns the verdict into the result shape
 * Tools → Site Health renders (label, status, badge, description, actions, test), and owns the
 * schema of that document.
 *
 * @since 0.1.0
 *
 * @phpstan-type SiteHealthResult array{label: string, status: 'critical'|'recommended'|'good', badge: array{label: string, color: string}, description: string, actions: string, test: string}
 */
final class Site_Health_Result_Document {

	/** Identifier of the test in Site Health (and the `test` field of its result). */
	public const TEST_ID = 'proxy_health_outbound_proxy';

	/** The REST route (under the plugin's namespace) that runs this test for the Site Health screen. */
	public const ROUTE = 'site-health';

	/** Verdict of a ProbeReport → Site Health status. */
	private const STATUS_FOR_VERDICT = array(
		'fail' => 'critical',
		'warn' => 'recommended',
		'pass' => 'good',
	);

	/** Badge colours Site Health knows; critical results stand out in red. */
	private const BADGE_COLOR = array(
		'critical'    => 'red',
		'recommended' => 'orange',
		'good'        => 'blue',
	);

	/**
	 * Probes now and returns the Site Health result. Used by the REST route (the Site Health
	 * screen) and directly by WordPress's weekly scheduled check.
	 *
	 * @since 0.1.0 As Site_Health\Proxy_Test::run().
	 *
	 * @return SiteHealthResult
	 */
	public static function build(): array {
		$report = ( new Probe_Report() )->run( Probe_Runner::default_targets() );
		// The weekly scheduled check is the one most likely to find a failure nobody is watching.
		Verdict_Alert::watch( $report );
		return self::from_report( $report );
	}

	/**
	 * Maps a ProbeReport to a Site Health result.
	 *
	 * @since 0.1.0
	 *
	 * @param array<string, mixed> $report ProbeReport.
	 * @return SiteHealthResult
	 */
	public static function from_report( array $report ): array {
		$status    = self::STATUS_FOR_VERDICT[ (string) ( $report['verdict'] ?? '' ) ] ?? 'recommended';
		$diagnoses = is_array( $report['diagnoses'] ?? null ) ? $report['diagnoses'] : array();
		$worst     = self::worst_diagnosis( $diagnoses );

		if ( 'good' === $status ) {
			$label = __( 'Outbound requests work through your proxy settings', 'proxy-health' );
		} elseif ( 'critical' === $status ) {
			$label = __( 'Outbound requests fail because of the proxy', 'proxy-health' );
		} else {
			$label = __( 'Outbound requests through the proxy need attention', 'proxy-health' );
		}

		$description = '<p>' . esc_html__( 'WordPress sends update checks, plugin license calls and API requests through the proxy configured in wp-config.php. Proxy Health sent test requests the same way.', 'proxy-health' ) . '</p>';
		foreach ( $diagnoses as $diagnosis ) {
			if ( ! is_array( $diagnosis ) || ( 'good' === $status ) !== ( 'good' === ( $diagnosis['severity'] ?? '' ) ) ) {
				continue;
			}
			$description .= '<p><strong>' . esc_html( (string) ( $diagnosis['title'] ?? '' ) ) . '</strong> ' . esc_html( (string) ( $diagnosis['detail'] ?? '' ) ) . '</p>';
			$remedies     = array_filter( (array) ( $diagnosis['remedies'] ?? array() ), 'is_string' );
			if ( array() !== $remedies ) {
				$description .= '<ul><li>' . implode( '</li><li>', array_map( 'esc_html', $remedies ) ) . '</li></ul>';
			}
		}
		if ( null !== $worst && 'good' !== $status ) {
			$label = (string) $worst['title'];
		}

		return array(
			'label'       => $label,
			'status'      => $status,
			'badge'       => array(
				'label' => __( 'Proxy', 'proxy-health' ),
				'color' => self::BADGE_COLOR[ $status ],
			),
			'description' => $description,
			'actions'     => sprintf(
				'<p><a href="%s">%s</a></p>',
				esc_url( Admin_Access::page_url() ),
				esc_html__( 'Open Tools → Proxy Health for the evidence and a full check', 'proxy-health' )
			),
			'test'        => self::TEST_ID,
		);
	}

	/**
	 * The first critical diagnosis, else the first recommended one.
	 *
	 * @param array<int, mixed> $diagnoses Diagnoses.
	 * @return array<string, mixed>|null
	 */
	private static function worst_diagnosis( array $diagnoses ): ?array {
		foreach ( array( 'critical', 'recommended' ) as $severity ) {
			foreach ( $diagnoses as $diagnosis ) {
				if ( is_array( $diagnosis ) && $severity === ( $diagnosis['severity'] ?? null ) && isset( $diagnosis['title'] ) ) {
					return $diagnosis;
				}
			}
		}
		return null;
	}

	/**
	 * Schema of a Site Health test result, as WordPress core's Site Health screen reads it.
	 *
	 * @since 0.3.0
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		return Schema::document(
			'proxy-health-site-health-result',
			array(
				'label'       => array( 'type' => 'string' ),
				'status'      => Schema::severity(),
				'badge'       => Schema::object(
					array(
						'label' => array( 'type' => 'string' ),
						'color' => array( 'type' => 'string' ),
					)
				),
				'description' => array( 'type' => 'string' ),
				'actions'     => array( 'type' => 'string' ),
				'test'        => array( 'type' => 'string' ),
			)
		);
	}
}
