/**
 * Preloaded (`node --require`) into a CLI child process by the batch benchmark: prints the
 * process's peak resident set size when it exits, so the benchmark measures the real binary.
 */
process.on( 'exit', () => {
	require( 'node:fs' ).writeSync(
		2,
		`\nPROXY_HEALTH_BENCH_MAX_RSS_KB=${ process.resourceUsage().maxRSS }\n`
	);
} );
