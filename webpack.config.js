/**
 * The panel's build: @wordpress/scripts' own configuration, with line breaks kept in the
 * minified output. PHP_CodeSniffer (and with it WordPress.org's Plugin Check ruleset, run over
 * the whole plugin folder) refuses to read a JS or CSS file whose lines average over 100
 * characters ("File appears to be minified and cannot be processed"); broken into lines, the
 * build is read and checked like the rest of the plugin. Gzipped size barely changes.
 */
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );
const { Compilation, sources } = require( 'webpack' );

/** Longest line terser writes; well under PHP_CodeSniffer's 100-character average. */
const MAX_LINE = 80;

/** Breaks minified CSS after each rule (cssnano writes one line). */
class CssLineBreaks {
	apply( compiler ) {
		compiler.hooks.thisCompilation.tap(
			'CssLineBreaks',
			( compilation ) => {
				compilation.hooks.processAssets.tap(
					{
						name: 'CssLineBreaks',
						// After minification and the RTL copy, before assets are written.
						stage: Compilation.PROCESS_ASSETS_STAGE_ANALYSE - 1,
					},
					( assets ) => {
						for ( const name of Object.keys( assets ) ) {
							if ( name.endsWith( '.css' ) ) {
								const css = assets[ name ].source().toString();
								compilation.updateAsset(
									name,
									new sources.RawSource(
										css.replace( /\}(?!\n)/g, '}\n' )
									)
								);
							}
						}
					}
				);
			}
		);
	}
}

module.exports = {
	...defaultConfig,
	optimization: {
		...defaultConfig.optimization,
		minimizer: ( defaultConfig.optimization?.minimizer ?? [] ).map(
			( plugin ) => {
				if ( plugin.constructor.name !== 'TerserPlugin' ) {
					return plugin;
				}
				const options = plugin.options.minimizer.options;
				options.output = { ...options.output, max_line_len: MAX_LINE };
				return plugin;
			}
		),
	},
	plugins: [ ...defaultConfig.plugins, new CssLineBreaks() ],
};
