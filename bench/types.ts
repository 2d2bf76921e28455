/**
 * One line of the benchmark table: a measurement against its baseline, as a ratio.
 */
export interface BenchRow {
	name: string;
	measured: string;
	baseline: string;
	/** measured / baseline; below 1 is better than the baseline. */
	ratio: number;
}
