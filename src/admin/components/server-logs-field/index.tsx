/**
 * External dependencies
 */
import type { FormEvent } from 'react';

/**
 * WordPress dependencies
 */
import { speak } from '@wordpress/a11y';
import {
	Button,
	Notice,
	Spinner,
	TextareaControl,
} from '@wordpress/components';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import type { ProxyHealthApiError } from '../../../api/client';
import type { ServerLogs } from '../../../api/types';
import { client } from '../../client';
import { useRequest } from '../../hooks/use-request';
import ErrorNotice from '../error-notice';
import FieldMessages, { useFieldDescription } from '../field-messages';
import ReportCard from '../report-card';

/** The route's limit (`Server_Logs_Controller::MAX_PATHS`). */
export const MAX_SERVER_LOGS = 10;

export interface ServerLogsFieldProps {
	/** Called after the list was saved, so the log tails can be read again. */
	onSaved?: () => void;
}

/**
 * The textarea's lines as paths: trimmed, blank lines left out.
 *
 * @param text The field's value.
 */
export function parsePaths( text: string ): string[] {
	return text
		.split( /\r?\n/ )
		.map( ( line ) => line.trim() )
		.filter( ( line ) => line !== '' );
}

/**
 * The message to show at the field for a refused save: the route's own words. For
 * `rest_invalid_param` WordPress puts the reason per argument in `data.params`.
 *
 * @param error The failed request's error.
 */
export function fieldProblem( error: ProxyHealthApiError ): string | null {
	if ( error.code === 'proxy_health_log_path_not_allowed' ) {
		return error.message;
	}
	if ( error.code === 'rest_invalid_param' ) {
		const cause = error.cause as
			{ data?: { params?: Record< string, unknown > } } | undefined;
		const reason = cause?.data?.params?.paths;
		return typeof reason === 'string' ? reason : error.message;
	}
	return null;
}

/**
 * The server logs (nginx, Apache, PHP-FPM) listed for the evidence log tails, editable
 * (`GET` and `PUT /evidence/server-logs`). The list is read when the admin opens the field, so
 * the Evidence view's own reads are not slowed by it. A refused save changes nothing and shows
 * the route's reason at the field.
 *
 * @param props         Component props.
 * @param props.onSaved Called after a save.
 */
export default function ServerLogsField( { onSaved }: ServerLogsFieldProps ) {
	// The list as last read or saved; the field edits its paths.
	const [ logs, setLogs ] = useState< ServerLogs | null >( null );
	const [ text, setText ] = useState( '' );
	// Typing after a save or a refusal hides "saved" and the field's problem.
	const [ edited, setEdited ] = useState( false );
	// No argument reads the list (`GET`), paths save it (`PUT`).
	const { current, run } = useRequest(
		( signal, paths?: string[] ) =>
			paths === undefined
				? client.getServerLogs( { signal } )
				: client.setServerLogs( paths, { signal } ),
		{
			onDone: ( read, [ paths ] ) => {
				setLogs( read );
				setText( read.paths.join( '\n' ) );
				if ( paths !== undefined ) {
					speak(
						__( 'The server logs were saved.', 'proxy-health' )
					);
					onSaved?.();
				}
			},
		}
	);
	const fieldRef = useRef< HTMLTextAreaElement | null >( null );

	const saving = current.state === 'loading' && current.args.length > 0;
	const refusal =
		current.state === 'error' && current.args.length > 0
			? fieldProblem( current.error )
			: null;
	const problem = edited ? null : refusal;
	const { helpId, problemId, field } = useFieldDescription( problem );
	const saved =
		! edited && current.state === 'done' && current.args.length > 0;
	const editing =
		logs !== null &&
		( current.state === 'done' || saving || refusal !== null );

	// A refused save: its reason is read out and the field gets focus to fix it.
	useEffect( () => {
		if ( refusal !== null ) {
			speak( refusal, 'assertive' );
			fieldRef.current?.focus();
		}
	}, [ refusal, current ] );

	const open = () => {
		setEdited( false );
		run();
	};

	const save = ( event: FormEvent ) => {
		event.preventDefault();
		setEdited( false );
		run( parsePaths( text ) );
	};

	return (
		<ReportCard title={ __( 'Server logs', 'proxy-health' ) }>
			<p>
				{ __(
					'Server logs (nginx, Apache, PHP-FPM) to show with the evidence, besides WordPress’s own. Nothing is saved unless every file is a log inside the folders the site allows.',
					'proxy-health'
				) }
			</p>
			{ current.state === 'idle' && (
				<Button
					className="proxy-health-server-logs__edit"
					variant="secondary"
					onClick={ open }
					__next40pxDefaultSize
				>
					{ __( 'Edit the server logs', 'proxy-health' ) }
				</Button>
			) }
			{ current.state === 'loading' && ! saving && (
				<p className="proxy-health-overview__progress">
					<Spinner />
					{ __( 'Reading the server logs…', 'proxy-health' ) }
				</p>
			) }
			{ current.state === 'error' && refusal === null && (
				<ErrorNotice
					error={ current.error }
					onRetry={ open }
					summary={ __(
						'The server logs could not be read or saved.',
						'proxy-health'
					) }
				/>
			) }
			{ editing && (
				<form
					className="proxy-health-evidence__form proxy-health-server-logs"
					onSubmit={ save }
					noValidate
				>
					<TextareaControl
						ref={ fieldRef }
						label={ __( 'Server log files', 'proxy-health' ) }
						value={ text }
						onChange={ ( value: string ) => {
							setText( value );
							setEdited( true );
						} }
						rows={ 3 }
						spellCheck={ false }
						{ ...field }
						__nextHasNoMarginBottom
					/>
					<FieldMessages
						helpId={ helpId }
						problemId={ problemId }
						help={ sprintf(
							/* translators: 1: the most paths allowed, e.g. 10; 2: folders, e.g. "/var/log". */
							__(
								'One absolute path a line, at most %1$d. Allowed folders: %2$s',
								'proxy-health'
							),
							MAX_SERVER_LOGS,
							logs.roots.length > 0
								? logs.roots.join( ', ' )
								: __( 'none', 'proxy-health' )
						) }
						problem={ problem }
						name="server-logs"
					/>
					{ saved && (
						<Notice status="success" isDismissible={ false }>
							{ __(
								'The server logs were saved.',
								'proxy-health'
							) }
						</Notice>
					) }
					<Button
						type="submit"
						variant="primary"
						isBusy={ saving }
						disabled={ saving }
						__experimentalIsFocusable
						__next40pxDefaultSize
					>
						{ __( 'Save server logs', 'proxy-health' ) }
					</Button>
				</form>
			) }
		</ReportCard>
	);
}
