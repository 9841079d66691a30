/** A File's bytes as base64, for clipFile: the main side decodes the charset from the bytes. */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function isHtmlFile(file: File): boolean {
  return /\.(x?html?|xht)$/i.test(file.name) || file.type === 'text/html' || file.type === 'application/xhtml+xml';
}
