/**
 * The renderer's Content Security Policy, declared once: the browser-mode host sends it as a
 * header, the Electron protocol handler does too, and the build writes it into index.html.
 * Script and images only from the app itself (images also from data: URLs), no inline
 * script (so no inline event handler runs), and no other network.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** A <meta> element cannot carry frame-ancestors; the rest applies as in the header. */
export const META_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');
