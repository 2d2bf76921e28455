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
import { useEffect, useId, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

/**
 * Internal dependencies
 */
import { toApiError } from '../../../api/client';
import type { ProxyHealthApiError } from '../../../api/client';
import { client } from '../../client';
import ErrorNotice from '../error-notice';
import ReportCard from '../report-card';

/** The route's limit (`Server_Logs_Controller::MAX_PATHS`). */
export const MAX_SERVER_LOGS = 10;

export interface ServerLogsFieldProps {
	/** Called after the list was saved, so the log tails can be read again. */
	onSaved?: () => void;
}

type FieldState =
	| { state: 'closed' }
	| { state: 'loading' }
	| { state: 'load-error'; error: ProxyHealthApiError }
	| {
			state: 'editing';
			roots: string[];
			/** The route's validation message for the field, when the last save was refused. */
			problem: string | null;
			saving: boolean;
			saved: boolean;
	  };

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
	const [ current, setCurrent ] = useState< FieldState >( {
		state: 'closed',
	} );
	const [ text, setText ] = useState( '' );
	const controllerRef = useRef< AbortController | null >( null );
	const fieldRef = useRef< HTMLTextAreaElement | null >( null );
	const helpId = useId();
	const problemId = useId();

	useEffect( () => () => controllerRef.current?.abort(), [] );

	const fresh = () => {
		controllerRef.current?.abort();
		const controller = new AbortController();
		controllerRef.current = controller;
		return controller;
	};

	const open = async () => {
		const controller = fresh();
		setCurrent( { state: 'loading' } );
		try {
			const logs = await client.getServerLogs( {
				signal: controller.signal,
			} );
			setText( logs.paths.join( '\n' ) );
			setCurrent( {
				state: 'editing',
				roots: logs.roots,
				problem: null,
				saving: false,
				saved: false,
			} );
		} catch ( thrown ) {
			const error = toApiError( thrown, controller.signal );
			if ( error.kind !== 'aborted' ) {
				setCurrent( { state: 'load-error', error } );
			}
		}
	};

	const save = async ( event: FormEvent ) => {
		event.preventDefault();
		if ( current.state !== 'editing' ) {
			return;
		}
		const editing = current;
		const controller = fresh();
		setCurrent( { ...editing, saving: true, saved: false } );
		try {
			const logs = await client.setServerLogs( parsePaths( text ), {
				signal: controller.signal,
			} );
			setText( logs.paths.join( '\n' ) );
			setCurrent( {
				state: 'editing',
				roots: logs.roots,
				problem: null,
				saving: false,
				saved: true,
			} );
			speak( __( 'The server logs were saved.', 'proxy-health' ) );
			onSaved?.();
		} catch ( thrown ) {
			const error = toApiError( thrown, controller.signal );
			if ( error.kind === 'aborted' ) {
				return;
			}
			const problem = fieldProblem( error );
			if ( problem === null ) {
				setCurrent( { state: 'load-error', error } );
				return;
			}
			setCurrent( { ...editing, problem, saving: false, saved: false } );
			speak( problem, 'assertive' );
			fieldRef.current?.focus();
		}
	};

	return (
		<ReportCard title={ __( 'Server logs', 'proxy-health' ) }>
			<p>
				{ __(
					'Server logs (nginx, Apache, PHP-FPM) to show with the evidence, besides WordPress’s own. Nothing is saved unless every file is a log inside the folders the site allows.',
					'proxy-health'
				) }
			</p>
			{ current.state === 'closed' && (
				<Button
					className="proxy-health-server-logs__edit"
					variant="secondary"
					onClick={ open }
					__next40pxDefaultSize
				>
					{ __( 'Edit the server logs', 'proxy-health' ) }
				</Button>
			) }
			{ current.state === 'loading' && (
				<p className="proxy-health-overview__progress">
					<Spinner />
					{ __( 'Reading the server logs…', 'proxy-health' ) }
				</p>
			) }
			{ current.state === 'load-error' && (
				<ErrorNotice
					error={ current.error }
					onRetry={ open }
					summary={ __(
						'The server logs could not be read or saved.',
						'proxy-health'
					) }
				/>
			) }
			{ current.state === 'editing' && (
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
							if ( current.problem !== null || current.saved ) {
								setCurrent( {
									...current,
									problem: null,
									saved: false,
								} );
							}
						} }
						rows={ 3 }
						spellCheck={ false }
						aria-describedby={ helpId }
						aria-invalid={ current.problem !== null }
						aria-errormessage={
							current.problem !== null ? problemId : undefined
						}
						__nextHasNoMarginBottom
					/>
					<p
						id={ helpId }
						className="proxy-health-url-explainer__help proxy-health-server-logs__help"
					>
						{ sprintf(
							/* translators: 1: the most paths allowed, e.g. 10; 2: folders, e.g. "/var/log". */
							__(
								'One absolute path a line, at most %1$d. Allowed folders: %2$s',
								'proxy-health'
							),
							MAX_SERVER_LOGS,
							current.roots.length > 0
								? current.roots.join( ', ' )
								: __( 'none', 'proxy-health' )
						) }
					</p>
					{ current.problem !== null && (
						<p
							id={ problemId }
							className="proxy-health-url-explainer__problem proxy-health-server-logs__problem"
						>
							{ current.problem }
						</p>
					) }
					{ current.saved && (
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
						isBusy={ current.saving }
						disabled={ current.saving }
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
