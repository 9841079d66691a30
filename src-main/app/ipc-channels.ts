/** The IPC channels, named once: calls into the service, events pushed to the window, and the folder dialog. */
export const INVOKE_CHANNEL = 'commonplace:invoke';
export const EVENT_CHANNEL = 'commonplace:event';
export const CHOOSE_FOLDER_CHANNEL = 'commonplace:choose-folder';
