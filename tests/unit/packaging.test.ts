import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const projectRequire = createRequire(root);
const config = projectRequire('./electron-builder.config.cjs') as {
  files: string[];
  asar: boolean;
  directories: { output: string };
  electronFuses: Record<string, boolean>;
};
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { main: string; scripts: Record<string, string> };

// electron-builder's own schema and the matcher it reads `files` with, found the way it finds
// them (electron-builder → app-builder-lib → ajv, minimatch), not wherever npm hoisted them.
const builderRequire = createRequire(projectRequire.resolve('electron-builder/package.json'));
const builderLibRequire = createRequire(builderRequire.resolve('app-builder-lib/package.json'));
const schema = builderLibRequire('app-builder-lib/scheme.json') as object;
const { default: Ajv } = builderLibRequire('ajv') as { default: new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } } };
const { minimatch } = builderLibRequire('minimatch') as { minimatch: (path: string, pattern: string, options: object) => boolean };

/** Whether electron-builder's `files` takes this project-relative path into the app. */
const packaged = (path: string) => config.files.some((pattern) => minimatch(path, pattern, { dot: true }));

describe('the electron-builder configuration', () => {
  it('is the file that npm run dist passes', () => {
    expect(pkg.scripts.dist).toBe('electron-vite build -c electron.config.ts && electron-builder --config electron-builder.config.cjs');
  });

  it('matches electron-builder’s own schema, so a misspelt key fails', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors, null, 2)).toBe(true);
    // The schema refuses unknown keys at the top and inside the fuses: this test can fail.
    expect(validate({ ...config, electronFuse: {} })).toBe(false);
    expect(validate({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } })).toBe(false);
  });

  it('flips the fuses: no run-as-node, NODE_OPTIONS, inspector or file: privileges; only a checked app.asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });

  it('packs every migration, and the main entry that package.json names', () => {
    const migrations = readdirSync(new URL('db/migrations/', root)).filter((name) => name.endsWith('.sql'));
    expect(migrations.length).toBeGreaterThan(0);
    for (const name of migrations) expect(packaged(`db/migrations/${name}`), name).toBe(true);
    expect(packaged(pkg.main), pkg.main).toBe(true);
    expect(packaged('out/main/search-lists-worker.js')).toBe(true);
    expect(packaged('out/preload/preload.cjs')).toBe(true);
    expect(packaged('out/renderer/index.html')).toBe(true);
  });

  it('names a main entry that the electron-vite build produces', () => {
    expect(existsSync(new URL(pkg.main, root)), `${pkg.main}: run npm run build:electron (npm test does)`).toBe(true);
  });

  it('never packs the sources, the tests or earlier installers', () => {
    for (const path of ['src-main/app/main.ts', 'tests/unit/packaging.test.ts', `${config.directories.output}/Commonplace.AppImage`, 'dist/renderer/index.html']) {
      expect(packaged(path), path).toBe(false);
    }
  });
});
