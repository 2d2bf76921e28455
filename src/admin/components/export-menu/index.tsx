/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import {
	Button,
	Dropdown,
	MenuGroup,
	MenuItem,
	Notice,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { toApiError } from '../../../api/client';
import type { ProxyHealthApiError } from '../../../api/client';
import { client } from '../../client';
import ErrorNotice from '../error-notice';

type ExportState =
	| { state: 'idle' }
	| { state: 'busy' }
	| { state: 'blocked'; url: string }
	| { state: 'error'; retry: () => void; error: ProxyHealthApiError };

/**
 * `proxy-health-report-2026-11-26T10-15-00.json`: sortable, and valid on every file system.
 *
 * @param extension File extension without the dot.
 * @param name      What the file holds, e.g. `report` or `allow-list`.
 */
export function exportFileName( extension: string, name = 'report' ): string {
	const stamp = new Date()
		.toISOString()
		.replace( /\..*$/, '' )
		.replace( /:/g, '-' );
	return `proxy-health-${ name }-${ stamp }.${ extension }`;
}

/** The allow-list's file formats: the content type and extension each is saved with. */
const ALLOW_LIST_FILES = {
	csv: { type: 'text/csv', extension: 'csv' },
	text: { type: 'text/plain', extension: 'txt' },
} as const;

/**
 * Saves a Blob as a file through a temporary `<a download>`.
 *
 * @param blob     The contents.
 * @param fileName The file name offered.
 */
function download( blob: Blob, fileName: string ) {
	const url = URL.createObjectURL( blob );
	const link = document.createElement( 'a' );
	link.href = url;
	link.download = fileName;
	link.hidden = true;
	document.body.appendChild( link );
	link.click();
	link.remove();
	// Revoked later: some browsers read the URL after click() returns.
	window.setTimeout( () => URL.revokeObjectURL( url ), 60_000 );
}

/**
 * The Export menu of the panel header: the current report document (`GET /report`) as a JSON
 * file, the redacted evidence bundle as a printable page in a new tab, and the allow-list for
 * the network team (`GET /allow-list`) as a CSV or text file. All come from the site already
 * redacted; nothing here adds or removes data.
 */
export default function ExportMenu() {
	const [ current, setCurrent ] = useState< ExportState >( {
		state: 'idle',
	} );

	const downloadJson = async () => {
		setCurrent( { state: 'busy' } );
		try {
			const document = await client.getReport();
			download(
				new Blob( [ JSON.stringify( document, null, 2 ) + '\n' ], {
					type: 'application/json',
				} ),
				exportFileName( 'json' )
			);
			setCurrent( { state: 'idle' } );
			speak(
				__( 'The report was downloaded.', 'proxy-health' ),
				'polite'
			);
		} catch ( thrown ) {
			setCurrent( {
				state: 'error',
				retry: downloadJson,
				error: toApiError( thrown ),
			} );
		}
	};

	const downloadAllowList = async (
		format: keyof typeof ALLOW_LIST_FILES
	) => {
		setCurrent( { state: 'busy' } );
		try {
			const text = await client.getAllowListFile( format );
			const file = ALLOW_LIST_FILES[ format ];
			download(
				new Blob( [ text ], { type: file.type } ),
				exportFileName( file.extension, 'allow-list' )
			);
			setCurrent( { state: 'idle' } );
			speak(
				__( 'The allow-list was downloaded.', 'proxy-health' ),
				'polite'
			);
		} catch ( thrown ) {
			setCurrent( {
				state: 'error',
				retry: () => downloadAllowList( format ),
				error: toApiError( thrown ),
			} );
		}
	};

	const openPrintable = async () => {
		// Opened now, while the click still counts as the admin's: after the fetch a popup
		// blocker would refuse it. Filled in when the page arrives. `noopener` would make
		// window.open() return null, so the link back is cut by hand: the report page is a
		// same-origin blob: URL and must not reach this admin page (or its REST nonce) through
		// window.opener. The page carries its own Content-Security-Policy, as a blob: URL has
		// no response header.
		const tab = window.open( '', '_blank' );
		if ( tab ) {
			tab.opener = null;
		}
		setCurrent( { state: 'busy' } );
		try {
			// parse: false keeps api-fetch's nonce and root but leaves the HTML unparsed.
			const html = await client.getPrintableReport();
			const url = URL.createObjectURL(
				new Blob( [ html ], { type: 'text/html' } )
			);
			if ( tab ) {
				tab.location.href = url;
				setCurrent( { state: 'idle' } );
			} else {
				setCurrent( { state: 'blocked', url } );
			}
		} catch ( thrown ) {
			tab?.close();
			setCurrent( {
				state: 'error',
				retry: openPrintable,
				error: toApiError( thrown ),
			} );
		}
	};

	return (
		<div className="proxy-health-export">
			<Dropdown
				className="proxy-health-export__dropdown"
				popoverProps={ { placement: 'bottom-end' } }
				renderToggle={ ( { isOpen, onToggle } ) => (
					<Button
						variant="secondary"
						onClick={ onToggle }
						aria-expanded={ isOpen }
						aria-haspopup="true"
						isBusy={ current.state === 'busy' }
						__next40pxDefaultSize
					>
						{ __( 'Export', 'proxy-health' ) }
					</Button>
				) }
				renderContent={ ( { onClose } ) => (
					<>
						<MenuGroup
							label={ __( 'Export the report', 'proxy-health' ) }
						>
							<MenuItem
								onClick={ () => {
									onClose();
									downloadJson();
								} }
								info={ __(
									'The full report as a JSON file, passwords removed.',
									'proxy-health'
								) }
							>
								{ __( 'Download JSON', 'proxy-health' ) }
							</MenuItem>
							<MenuItem
								onClick={ () => {
									onClose();
									openPrintable();
								} }
								info={ __(
									'A readable page to print or send to your host, passwords removed.',
									'proxy-health'
								) }
							>
								{ __( 'Printable report', 'proxy-health' ) }
							</MenuItem>
						</MenuGroup>
						<MenuGroup
							label={ __(
								'Allow-list for your network team',
								'proxy-health'
							) }
						>
							<MenuItem
								onClick={ () => {
									onClose();
									downloadAllowList( 'csv' );
								} }
								info={ __(
									'Destinations (scheme, host, port) with the plugins that call them, as a spreadsheet.',
									'proxy-health'
								) }
							>
								{ __( 'Allow-list (CSV)', 'proxy-health' ) }
							</MenuItem>
							<MenuItem
								onClick={ () => {
									onClose();
									downloadAllowList( 'text' );
								} }
								info={ __(
									'The same list as plain text, to paste into a ticket.',
									'proxy-health'
								) }
							>
								{ __( 'Allow-list (text)', 'proxy-health' ) }
							</MenuItem>
						</MenuGroup>
					</>
				) }
			/>
			{ current.state === 'blocked' && (
				<Notice status="warning" isDismissible={ false }>
					{ __( 'The browser blocked the new tab.', 'proxy-health' ) }{ ' ' }
					<a
						href={ current.url }
						target="_blank"
						rel="noopener noreferrer"
					>
						{ __( 'Open the printable report', 'proxy-health' ) }
					</a>
				</Notice>
			) }
			{ current.state === 'error' && (
				<ErrorNotice
					error={ current.error }
					onRetry={ current.retry }
					summary={ __(
						'The report could not be exported.',
						'proxy-health'
					) }
				/>
			) }
		</div>
	);
}
