import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ExplorerAsset {
  body: Buffer;
  contentType: string;
  /** A strong validator of the content: a browser asking again with If-None-Match gets 304. */
  etag: string;
}

/**
 * The explorer's built files (dist/explorer), read once, at start. Only the files found
 * there are served, by their exact names: no path from the request reaches the file system.
 */
export class ExplorerAssets {
  private readonly files = new Map<string, ExplorerAsset>();

  constructor(dir: string) {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir)) {
      const contentType = CONTENT_TYPES[extname(name)];
      if (!contentType) continue;
      const body = readFileSync(join(dir, name));
      this.files.set(name, { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
    }
  }

  /** True when the page's script is there (the bundle was built). */
  get bundled(): boolean {
    return this.files.has('explorer.js');
  }

  get(name: string): ExplorerAsset | undefined {
    return this.files.get(name);
  }
}
