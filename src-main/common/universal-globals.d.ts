/**
 * The only globals common/ may use beyond ECMAScript: those that Node, Chromium and Electron
 * all provide with the same meaning. Anything else (node:*, electron, the DOM) fails the
 * type check of this folder (tsconfig.json here has no Node or DOM types).
 */
declare class URL {
  constructor(url: string, base?: string);
  static canParse(url: string, base?: string): boolean;
  readonly href: string;
  readonly protocol: string;
  readonly hostname: string;
}

declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
