/**
 * Static analysis of a WordPress folder (nothing is executed): wp-config.php's proxy
 * constants and the plugins and themes whose code touches HTTP or proxies.
 */
export * from './wp-config';
export * from './config-lint';
export * from './php-patterns';
export * from './scan-wordpress';
export { parsePhp, PhpParseError } from './php-ast';
