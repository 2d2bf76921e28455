<?php
/**
 * A route that takes no arguments and answers one document.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

namespace ProxyHealth\REST;

use WP_REST_Request;
use WP_REST_Response;

/**
 * Registers one administrators-only endpoint whose answer is a document class's build() and
 * whose schema is that class's schema() (see Documents/), e.g. GET /scan with
 * Documents\Scan_Document. Routes with arguments have a controller of their own.
 *
 * @since 0.3.0
 */
final class Document_Controller extends Base_Controller {

	/**
	 * HTTP method (a WP_REST_Server constant).
	 *
	 * @var string
	 */
	private string $methods;

	/**
	 * The document class: static build() and schema().
	 *
	 * @var class-string
	 */
	private string $document;

	/**
	 * @param string       $rest_base Route under the namespace, e.g. "scan".
	 * @param string       $methods   HTTP method (WP_REST_Server::READABLE or CREATABLE).
	 * @param class-string $document  Document class with static build() and schema().
	 */
	public function __construct( string $rest_base, string $methods, string $document ) {
		parent::__construct();
		$this->rest_base = $rest_base;
		$this->methods   = $methods;
		$this->document  = $document;
	}

	/**
	 * Registers the endpoint.
	 */
	public function register_routes(): void {
		$this->register_admin_route( $this->methods, array( $this, 'answer' ) );
	}

	/**
	 * Builds the document now and answers it.
	 *
	 * @param WP_REST_Request $request Request.
	 */
	public function answer( $request ): WP_REST_Response {
		return rest_ensure_response( call_user_func( array( $this->document, 'build' ) ) );
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return $this->cached_schema( array( $this->document, 'schema' ) );
	}
}
