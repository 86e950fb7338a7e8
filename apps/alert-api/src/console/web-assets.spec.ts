import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readAsset, webDistDir } from './web-assets';

describe(readAsset.name, () => {
  let root: string;

  beforeAll(() => {
    const base = mkdtempSync(path.join(tmpdir(), 'web-assets-'));
    root = path.join(base, 'dist', 'web');
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(path.join(base, 'secret.txt.js'), 'outside');
  });

  afterAll(() => rmSync(path.dirname(path.dirname(root)), { recursive: true, force: true }));

  it('serves hashed assets as immutable and the page as revalidated', () => {
    expect(readAsset(root, 'assets/index-abc.js')).toMatchObject({
      type: 'text/javascript; charset=utf-8',
      immutable: true,
    });
    expect(readAsset(root, 'index.html')).toMatchObject({ immutable: false });
  });

  it('never leaves its folder, and knows no file it cannot type', () => {
    expect(readAsset(root, '../../secret.txt.js')).toBeUndefined();
    expect(readAsset(root, '/../../secret.txt.js')).toBeUndefined();
    expect(readAsset(root, 'assets/../../../secret.txt.js')).toBeUndefined();
    expect(readAsset(root, 'missing.js')).toBeUndefined();
  });

  it('finds dist/web by looking upwards', () => {
    expect(webDistDir(path.join(root, '..', '..', 'a', 'b'))).toBe(root);
  });
});
