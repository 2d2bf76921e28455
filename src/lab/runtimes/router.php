<?php
/**
 * Router for `php -S` serving a lab WordPress site: what Apache's rewrite rules do for
 * WordPress. Existing files are served by the built-in server itself (static files as they are,
 * .php files executed with the right SCRIPT_NAME); everything else goes to index.php.
 *
 * @package ProxyHealth
 */

declare(strict_types = 1);

$proxy_health_lab_root = rtrim( (string) $_SERVER['DOCUMENT_ROOT'], '/' );
$proxy_health_lab_path = rawurldecode( (string) parse_url( (string) $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );

// Never let "../" leave the document root.
if ( str_contains( $proxy_health_lab_path, '..' ) ) {
	http_response_code( 400 );
	return true;
}

$proxy_health_lab_file = $proxy_health_lab_root . $proxy_health_lab_path;

if ( is_dir( $proxy_health_lab_file ) ) {
	if ( ! str_ends_with( $proxy_health_lab_path, '/' ) ) {
		// /wp-admin → /wp-admin/, as Apache does, so relative links in the admin resolve.
		$proxy_health_lab_query = (string) parse_url( (string) $_SERVER['REQUEST_URI'], PHP_URL_QUERY );
		header( 'Location: ' . $proxy_health_lab_path . '/' . ( '' !== $proxy_health_lab_query ? '?' . $proxy_health_lab_query : '' ), true, 301 );
		return true;
	}
	if ( is_file( $proxy_health_lab_file . 'index.php' ) ) {
		return false;
	}
} elseif ( is_file( $proxy_health_lab_file ) ) {
	return false;
}

// A subdirectory network's site paths (/site2/wp-admin/…, /site2/wp-login.php), as its .htaccess
// rules do: the file without the site's segment runs, REQUEST_URI keeps it so WordPress finds the site.
if ( 1 === preg_match( '#^/[_0-9a-zA-Z-]+(/(?:wp-(?:content|admin|includes).*|[^/]+\.php))$#', $proxy_health_lab_path, $proxy_health_lab_match ) ) {
	$proxy_health_lab_inner = $proxy_health_lab_root . $proxy_health_lab_match[1];
	if ( is_dir( $proxy_health_lab_inner ) && is_file( $proxy_health_lab_inner . '/index.php' ) ) {
		$proxy_health_lab_match[1] = rtrim( $proxy_health_lab_match[1], '/' ) . '/index.php';
		$proxy_health_lab_inner    = $proxy_health_lab_root . $proxy_health_lab_match[1];
	}
	if ( is_file( $proxy_health_lab_inner ) ) {
		if ( str_ends_with( $proxy_health_lab_inner, '.php' ) ) {
			$_SERVER['SCRIPT_NAME']     = $proxy_health_lab_match[1];
			$_SERVER['PHP_SELF']        = $proxy_health_lab_match[1];
			$_SERVER['SCRIPT_FILENAME'] = $proxy_health_lab_inner;
			chdir( dirname( $proxy_health_lab_inner ) );
			require $proxy_health_lab_inner;
			return true;
		}
		$proxy_health_lab_types = array(
			'css'   => 'text/css',
			'js'    => 'text/javascript',
			'svg'   => 'image/svg+xml',
			'png'   => 'image/png',
			'woff2' => 'font/woff2',
		);
		$proxy_health_lab_ext   = strtolower( pathinfo( $proxy_health_lab_inner, PATHINFO_EXTENSION ) );
		header( 'Content-Type: ' . ( $proxy_health_lab_types[ $proxy_health_lab_ext ] ?? 'application/octet-stream' ) );
		readfile( $proxy_health_lab_inner );
		return true;
	}
}

// Pretty permalinks and /wp-json/: WordPress parses REQUEST_URI itself.
$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $proxy_health_lab_root . '/index.php';
chdir( $proxy_health_lab_root );
require $proxy_health_lab_root . '/index.php';
return true;
