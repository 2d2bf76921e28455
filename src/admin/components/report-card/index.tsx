/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/**
 * WordPress dependencies
 */
import { Card, CardBody, CardHeader } from '@wordpress/components';
import { useId } from '@wordpress/element';

export interface ReportCardProps {
	/** Translated heading; also names the region. */
	title: string;
	/** Card content. */
	children: ReactNode;
}

/**
 * A titled card that is also a named region, so each part of a report can be found by
 * assistive technology (and by tests) by its heading.
 *
 * @param props          Component props.
 * @param props.title    Translated heading; also names the region.
 * @param props.children Card content.
 */
export default function ReportCard( { title, children }: ReportCardProps ) {
	const headingId = useId();
	return (
		<section
			className="proxy-health-report-card"
			aria-labelledby={ headingId }
		>
			<Card>
				<CardHeader>
					<h2
						id={ headingId }
						className="proxy-health-report-card__title"
					>
						{ title }
					</h2>
				</CardHeader>
				<CardBody>{ children }</CardBody>
			</Card>
		</section>
	);
}
