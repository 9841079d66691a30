/**
 * electron-builder's configuration (`npm run dist`: the electron-vite build, then the
 * installers in dist/installers). tests/unit/packaging.test.ts reads it and checks it against
 * electron-builder's own schema.
 */
module.exports = {
  appId: 'org.commonplace.notebook',
  productName: 'Commonplace',
  // dist/renderer is browser mode's build; the installers go beside it, never into out/.
  directories: { output: 'dist/installers' },
  // What the app reads at run time: the electron-vite build (main, preload, renderer) and the
  // SQL migrations, which store/migrations.ts finds at ../../db/migrations from out/main.
  // electron-builder adds package.json and the production dependencies itself.
  files: ['out/**', 'db/migrations/**'],
  asar: true,
  // Fuses are bits in the Electron binary, flipped before signing, so the signature keeps them.
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would make the signed binary a plain Node.js for any script.
    runAsNode: false,
    // NODE_OPTIONS (--require, --import…) would load code of the caller's choice into main.
    enableNodeOptionsEnvironmentVariable: false,
    // --inspect and SIGUSR1 would open a debugger on the main process.
    enableNodeCliInspectArguments: false,
    // The renderer is served by commonplace://app, so file: pages need no more than a browser gives them.
    grantFileProtocolExtraPrivileges: false,
    // The app runs only from app.asar, and (on macOS and Windows) only an app.asar whose hash the signed binary carries.
    onlyLoadAppFromAsar: true,
    enableEmbeddedAsarIntegrityValidation: true,
    // Cookies on disk encrypted with the system's keys, as Chrome does.
    enableCookieEncryption: true,
  },
  linux: { target: ['AppImage'], category: 'Office' },
  mac: { target: ['dmg'], category: 'public.app-category.productivity' },
  win: { target: ['nsis'] },
};
