/** Messages of typed errors and the error boundary. */
export const errors = {
  'error.providerRefused': '{code}: {message} (request {requestId})',
  'error.providerRefusedLocal': '{code}: {message}',
  'error.interrupted':
    'Interrupted. Progress up to the last finished action is kept; run the same command again to resume.',
  'error.unexpected': 'Unexpected failure: {message}',
  'error.unexpectedHint': 'This is a bug. Run again with DEBUG=onboard to see the stack trace.',
  'error.label': 'Error',
  'error.hintLabel': 'Fix',
} as const;
