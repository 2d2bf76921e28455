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
import { useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import ErrorNotice from '../error-notice';

/** What the menu exports: the report as JSON or a printable page, the allow-list as CSV or text. */
type Export = 'json' | 'printable' | 'csv' | 'text';

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
	// The printable report's tab, opened on the click (see `start`) and filled in once it arrives.
	const tabRef = useRef< Window | null >( null );
	// The printable page's blob: URL when the browser blocked the tab: offered as a link.
	const [ blocked, setBlocked ] = useState< string | null >( null );
	const exporting = useRequest(
		async ( signal, what: Export ) => {
			try {
				switch ( what ) {
					case 'json':
						return JSON.stringify(
							await client.getReport( { signal } ),
							null,
							2
						);
					case 'printable':
						// parse: false keeps api-fetch's nonce and root but leaves the HTML unparsed.
						return await client.getPrintableReport( { signal } );
					case 'csv':
					case 'text':
						return await client.getAllowListFile( what, {
							signal,
						} );
				}
			} catch ( thrown ) {
				tabRef.current?.close();
				throw thrown;
			}
		},
		{
			onDone: ( text, [ what ] ) => {
				if ( what === 'printable' ) {
					const url = URL.createObjectURL(
						new Blob( [ text ], { type: 'text/html' } )
					);
					if ( tabRef.current ) {
						tabRef.current.location.href = url;
					} else {
						setBlocked( url );
					}
					return;
				}
				if ( what === 'json' ) {
					download(
						new Blob( [ text + '\n' ], {
							type: 'application/json',
						} ),
						exportFileName( 'json' )
					);
					speak(
						__( 'The report was downloaded.', 'proxy-health' ),
						'polite'
					);
					return;
				}
				const file = ALLOW_LIST_FILES[ what ];
				download(
					new Blob( [ text ], { type: file.type } ),
					exportFileName( file.extension, 'allow-list' )
				);
				speak(
					__( 'The allow-list was downloaded.', 'proxy-health' ),
					'polite'
				);
			},
		}
	);
	const { current } = exporting;

	const start = ( what: Export ) => {
		tabRef.current = null;
		setBlocked( null );
		if ( what === 'printable' ) {
			// Opened now, while the click still counts as the admin's: after the fetch a popup
			// blocker would refuse it. Filled in when the page arrives. `noopener` would make
			// window.open() return null, so the link back is cut by hand: the report page is a
			// same-origin blob: URL and must not reach this admin page (or its REST nonce)
			// through window.opener. The page carries its own Content-Security-Policy, as a
			// blob: URL has no response header.
			const tab = window.open( '', '_blank' );
			if ( tab ) {
				tab.opener = null;
			}
			tabRef.current = tab;
		}
		exporting.run( what );
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
						isBusy={ current.state === 'loading' }
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
									start( 'json' );
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
									start( 'printable' );
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
									start( 'csv' );
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
									start( 'text' );
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
			{ blocked && (
				<Notice status="warning" isDismissible={ false }>
					{ __( 'The browser blocked the new tab.', 'proxy-health' ) }{ ' ' }
					<a
						href={ blocked }
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
					onRetry={ () => start( current.args[ 0 ] ) }
					summary={ __(
						'The report could not be exported.',
						'proxy-health'
					) }
				/>
			) }
		</div>
	);
}
