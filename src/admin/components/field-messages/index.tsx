/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/**
 * WordPress dependencies
 */
import { useId } from '@wordpress/element';

/** The attributes that tie a field to its help and to its problem, when it has one. */
export interface FieldDescription {
	'aria-describedby': string;
	'aria-invalid': boolean;
	'aria-errormessage': string | undefined;
}

/**
 * Ids for a field's help and problem, and the attributes the field gets from them.
 *
 * @param problem What is wrong with the value, or null.
 * @return The ids and the field's attributes.
 */
export function useFieldDescription( problem: string | null ): {
	helpId: string;
	problemId: string;
	field: FieldDescription;
} {
	const helpId = useId();
	const problemId = useId();
	return {
		helpId,
		problemId,
		field: {
			'aria-describedby': helpId,
			'aria-invalid': problem !== null,
			'aria-errormessage': problem !== null ? problemId : undefined,
		},
	};
}

export interface FieldMessagesProps {
	/** Ids from `useFieldDescription`. */
	helpId: string;
	problemId: string;
	/** What the field takes. */
	help: ReactNode;
	/** What is wrong with the value, or null. */
	problem: string | null;
	/** Extra class names for the two paragraphs: `proxy-health-<name>__help`, `__problem`. */
	name?: string;
}

/**
 * A field's help text, and below it what is wrong with the value (in darker, bolder text),
 * with the ids the field's `aria-describedby` and `aria-errormessage` point to.
 *
 * @param props           Component props.
 * @param props.helpId    Id of the help.
 * @param props.problemId Id of the problem.
 * @param props.help      The help text.
 * @param props.problem   The problem, or null.
 * @param props.name      Extra class name prefix.
 */
export default function FieldMessages( {
	helpId,
	problemId,
	help,
	problem,
	name,
}: FieldMessagesProps ) {
	const extra = ( part: string ) =>
		name ? ` proxy-health-${ name }__${ part }` : '';
	return (
		<>
			<p
				id={ helpId }
				className={ `proxy-health-url-explainer__help${ extra(
					'help'
				) }` }
			>
				{ help }
			</p>
			{ problem !== null && (
				<p
					id={ problemId }
					className={ `proxy-health-url-explainer__problem${ extra(
						'problem'
					) }` }
				>
					{ problem }
				</p>
			) }
		</>
	);
}
