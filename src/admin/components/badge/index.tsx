/**
 * External dependencies
 */
import type { ReactNode } from 'react';

/** How a badge is coloured; its text always says the same thing. */
export type BadgeTone = 'success' | 'warning' | 'error' | 'neutral';

export interface BadgeProps {
	/** Colour of the badge. Never the only carrier of meaning: the text must say it too. */
	tone: BadgeTone;
	/** Translated text, e.g. "Critical" or "Proxy authentication required". */
	children: ReactNode;
}

/**
 * A short status label. The colour only repeats what the text says, so it is readable without
 * colour and in Windows high-contrast mode (where the border stays).
 *
 * @param props          Component props.
 * @param props.tone     Colour of the badge.
 * @param props.children Translated text.
 */
export default function Badge( { tone, children }: BadgeProps ) {
	return (
		<span className={ `proxy-health-badge proxy-health-badge--${ tone }` }>
			{ children }
		</span>
	);
}
