<?php
/**
 * The words of a plugin_interference diagnosis: who, where, what it changed, what to do.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\Diagnosis;

/**
 * Completes the catalog's `plugin_interference` entry with the callbacks shown responsible
 * (Probe\Interference_Finder) or, when none was shown on its own, with the transport that got
 * through with the same values. It never advises changing WP_PROXY_*: they were shown to work.
 *
 * @since 0.3.0
 *
 * @phpstan-import-type Interference from \ProxyHealth\Probe\Interference_Finder
 */
final class Interference_Diagnosis {

	/**
	 * @since 0.3.0
	 *
	 * @param array<string, mixed>       $diagnosis The catalog's entry, evidence filled in.
	 * @param list<Interference>         $culprits  Callbacks shown responsible for these results.
	 * @param list<string>               $failing   Transports that failed.
	 * @param list<string>               $working   Transports that got through the proxy with the same values.
	 * @return array<string, mixed>
	 */
	public static function complete( array $diagnosis, array $culprits, array $failing, array $working ): array {
		$remedies = array();
		$evidence = array();
		$details  = array();
		$seen     = array();
		foreach ( $culprits as $culprit ) {
			$where = self::where( $culprit );
			$key   = $culprit['hook'] . '|' . $where;
			if ( isset( $seen[ $key ] ) ) {
				$seen[ $key ]['transports'][] = $culprit['transport'];
				continue;
			}
			$seen[ $key ] = array(
				'culprit'    => $culprit,
				'transports' => array( $culprit['transport'] ),
			);
		}
		$listed = array();
		foreach ( $seen as $entry ) {
			$culprit   = $entry['culprit'];
			$where     = self::where( $culprit );
			$details[] = sprintf(
				/* translators: 1: plugin, theme or file name, 2: its kind (plugin, theme, must-use plugin…), 3: hook name, 4: file:line, 5: what the callback changes, 6: transport names. */
				__( '%1$s (%2$s) changes %5$s in its %3$s callback at %4$s: without that callback, the same %6$s request got through the proxy with the values in wp-config.php.', 'proxy-health' ),
				$culprit['name'],
				self::kind( (string) $culprit['owner']['type'] ),
				$culprit['hook'],
				$where,
				wp_sprintf( '%l', self::changes( $culprit['changed'] ) ),
				implode( ', ', array_unique( $entry['transports'] ) )
			);
			$evidence[] = sprintf( '%s on %s at %s · without it: GET %s · transport %s → ok', $culprit['callback'], $culprit['hook'], $where, $culprit['target'], $culprit['transport'] );
			$listed[]   = array(
				'hook'       => $culprit['hook'],
				'callback'   => $culprit['callback'],
				'type'       => (string) $culprit['owner']['type'],
				'slug'       => $culprit['owner']['slug'],
				'name'       => $culprit['name'],
				'file'       => $culprit['owner']['file'],
				'line'       => $culprit['owner']['line'],
				'changed'    => $culprit['changed'],
				'transports' => array_values( array_unique( $entry['transports'] ) ),
				'suspect'    => $culprit['candidate'],
			);
			$remedies[] = 'plugin' === $culprit['owner']['type'] || 'theme' === $culprit['owner']['type']
				/* translators: %s: plugin or theme name. */
				? sprintf( __( 'Deactivate %s or change its proxy settings, then run the checks again.', 'proxy-health' ), $culprit['name'] )
				/* translators: %s: file:line. */
				: sprintf( __( 'Edit or remove the callback at %s, then run the checks again.', 'proxy-health' ), $where );
		}
		if ( array() === $listed ) {
			$details[] = sprintf(
				/* translators: 1: transports that got through, 2: transports that failed. */
				__( 'The %1$s transport got through the proxy with the values in wp-config.php and the %2$s transport did not, so something changes what %2$s sends. No single callback on http_api_curl, http_request_args, pre_http_request or pre_http_send_through_proxy was shown responsible on its own.', 'proxy-health' ),
				implode( ', ', $working ),
				implode( ', ', $failing )
			);
		}
		$suspects = array_values( array_filter( array_column( $listed, 'suspect' ) ) );
		$remedies[] = array() === $suspects
			? __( 'To find the plugin on a copy of the site, start a bisection (the Bisection view, proxy-health bisect or wp proxy-health bisect): it tries plugins with callbacks on WordPress\'s HTTP hooks first.', 'proxy-health' )
			/* translators: %s: plugin files. */
			: sprintf( __( 'To confirm on a copy of the site, start a bisection (the Bisection view, proxy-health bisect or wp proxy-health bisect): it tries plugins with callbacks on WordPress\'s HTTP hooks first, %s among them.', 'proxy-health' ), implode( ', ', $suspects ) );
		$remedies[] = __( 'Leave WP_PROXY_USERNAME and WP_PROXY_PASSWORD as they are: the proxy accepted them.', 'proxy-health' );

		$diagnosis['detail']   = trim( $diagnosis['detail'] . ' ' . implode( ' ', $details ) );
		$diagnosis['remedies'] = $remedies;
		$diagnosis['evidence'] = array_merge( $evidence, (array) $diagnosis['evidence'] );
		if ( array() !== $listed ) {
			$diagnosis['culprits'] = $listed;
		}
		return $diagnosis;
	}

	/**
	 * "file:line" of the callback, or its name when it has no file.
	 *
	 * @param array<string, mixed> $culprit Interference.
	 */
	private static function where( array $culprit ): string {
		$file = $culprit['owner']['file'] ?? null;
		if ( null === $file ) {
			return (string) $culprit['callback'];
		}
		return null === ( $culprit['owner']['line'] ?? null ) ? (string) $file : $file . ':' . (int) $culprit['owner']['line'];
	}

	/**
	 * The kind of owner, as a reader names it.
	 */
	private static function kind( string $type ): string {
		switch ( $type ) {
			case 'plugin':
				return __( 'plugin', 'proxy-health' );
			case 'mu-plugin':
				return __( 'must-use plugin', 'proxy-health' );
			case 'theme':
				return __( 'theme', 'proxy-health' );
			case 'drop-in':
				return __( 'drop-in', 'proxy-health' );
			default:
				return __( 'code outside plugins and themes', 'proxy-health' );
		}
	}

	/**
	 * What was changed, in words (never a value).
	 *
	 * @param list<string> $changed Interference_Finder's change codes.
	 * @return list<string>
	 */
	private static function changes( array $changed ): array {
		$words = array(
			'username' => __( 'the proxy user name', 'proxy-health' ),
			'password' => __( 'the proxy password', 'proxy-health' ),
			'proxy'    => __( 'the proxy host or port', 'proxy-health' ),
			'scheme'   => __( 'the proxy authentication scheme', 'proxy-health' ),
			'route'    => __( 'whether requests go through the proxy', 'proxy-health' ),
			'response' => __( 'the answer (it answers in place of the proxy)', 'proxy-health' ),
			'request'  => __( 'the request', 'proxy-health' ),
		);
		return array_values( array_map( static fn( string $code ): string => $words[ $code ] ?? $words['request'], $changed ) );
	}
}
