import { existsSync } from 'node:fs';
import path from 'node:path';

/** The real data beside the repository (`../shared/data`): read there, never copied in. */
export const SHARED_DATA = path.resolve(__dirname, '..', '..', '..', 'shared', 'data');

/** A file under ../shared/data; fails loudly when the folder is missing rather than skipping. */
export function sharedFile(...parts: string[]): string {
  const file = path.join(SHARED_DATA, ...parts);
  if (!existsSync(file)) {
    throw new Error(`${file} is missing: the tests read real data from ../shared/data beside the repository`);
  }
  return file;
}
