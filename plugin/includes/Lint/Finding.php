<?php
/**
 * One result of the configuration lint.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Lint;

/**
 * A finding keyed by a stable code, shaped like a diagnosis (same severities as Site Health).
 *
 * Evidence lines are built from Proxy_Config (which never holds the password) and from redacted
 * environment values, so a finding is safe to return as is.
 *
 * @since 0.1.0
 *
 * @phpstan-type FindingShape array{
 *   code: string,
 *   severity: 'critical'|'recommended'|'good',
 *   title: string,
 *   detail: string,
 *   remedies: list<string>,
 *   evidence: list<string>
 * }
 */
final class Finding {

	public const CRITICAL    = 'critical';
	public const RECOMMENDED = 'recommended';
	public const GOOD        = 'good';

	private string $code;

	private string $severity;

	private string $title;

	private string $detail;

	/** @var list<string> */
	private array $remedies;

	/** @var list<string> */
	private array $evidence;

	/**
	 * Properties are private (no readonly before PHP 8.1); read them with the getters.
	 *
	 * @since 0.1.0
	 *
	 * @param string       $code     Stable code, e.g. proxy_port_invalid.
	 * @param string       $severity One of the class constants.
	 * @param string       $title    Translated one-line summary.
	 * @param string       $detail   Translated explanation.
	 * @param list<string> $remedies Translated steps that fix it.
	 * @param list<string> $evidence What the finding rests on (values, wp-config.php lines).
	 */
	public function __construct(
		string $code,
		string $severity,
		string $title,
		string $detail,
		array $remedies = array(),
		array $evidence = array()
	) {
		$this->code     = $code;
		$this->severity = $severity;
		$this->title    = $title;
		$this->detail   = $detail;
		$this->remedies = $remedies;
		$this->evidence = $evidence;
		if ( ! in_array( $severity, array( self::CRITICAL, self::RECOMMENDED, self::GOOD ), true ) ) {
			throw new \InvalidArgumentException( 'Unknown finding severity: ' . $severity );
		}
	}

	/**
	 * Stable code.
	 *
	 * @since 0.1.0
	 */
	public function code(): string {
		return $this->code;
	}

	/**
	 * 'critical', 'recommended' or 'good'.
	 *
	 * @since 0.1.0
	 */
	public function severity(): string {
		return $this->severity;
	}

	/**
	 * Evidence lines.
	 *
	 * @since 0.1.0
	 *
	 * @return list<string>
	 */
	public function evidence(): array {
		return array_values( $this->evidence );
	}

	/**
	 * Whether the finding asks for a change (critical or recommended).
	 *
	 * @since 0.1.0
	 */
	public function is_problem(): bool {
		return self::GOOD !== $this->severity;
	}

	/**
	 * The REST shape.
	 *
	 * @since 0.1.0
	 *
	 * @return FindingShape
	 */
	public function to_array(): array {
		return array(
			'code'     => $this->code,
			'severity' => $this->severity,
			'title'    => $this->title,
			'detail'   => $this->detail,
			'remedies' => array_values( $this->remedies ),
			'evidence' => array_values( $this->evidence ),
		);
	}
}
