/**
 * "Choose folder…" in the export dialog: the system's folder dialog, opened over the window
 * that asked, for the app's own page only. The reply is the chosen path, or null if cancelled.
 */
import { BrowserWindow, dialog, ipcMain } from 'electron';
import { CHOOSE_FOLDER_CHANNEL } from './ipc-channels';
import { isTrustedSender } from './security';

export function handleFolderChoice(): void {
  ipcMain.handle(CHOOSE_FOLDER_CHANNEL, async (event): Promise<string | null> => {
    const window = BrowserWindow.fromWebContents(event.sender);
    if (!window || !isTrustedSender(event.senderFrame)) return null;
    const choice = await dialog.showOpenDialog(window, { title: 'Choose a folder to export into', properties: ['openDirectory', 'createDirectory'] });
    return choice.canceled ? null : (choice.filePaths[0] ?? null);
  });
}
