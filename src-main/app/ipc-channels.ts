/** The two IPC channels, named once: calls into the service, and events pushed to the window. */
export const INVOKE_CHANNEL = 'commonplace:invoke';
export const EVENT_CHANNEL = 'commonplace:event';
