// Files that appear whole or not at all: readers (and a crash mid-write)
// never see a half-written target, because the data goes to a temp file in
// the same directory (same filesystem, so rename is atomic) and is renamed
// over the target only after it is durably on disk.

import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `path` atomically with `data` (strings are written as UTF-8): a temporary file beside it,
 * synced, then renamed over it, so readers see the old file or the new one, never a part.
 *
 * @param path - The file to write.
 * @param data - Its bytes, or text.
 * @returns Once the rename is synced to the directory.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tempPath = temporaryPathFor(path);
  let handle: FileHandle | undefined;
  try {
    handle = await open(tempPath, "wx"); // exclusive: never clobber someone else's temp file
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(tempPath, path);
  } catch (error) {
    await handle?.close().catch(() => undefined); // the original error is the one worth reporting
    await removeIfExists(tempPath).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** `.<base>.<pid>.<random>.tmp` beside the target; hidden, and unique per process and call. */
export function temporaryPathFor(path: string): string {
  const random = randomBytes(6).toString("hex");
  return join(dirname(path), `.${basename(path)}.${process.pid}.${random}.tmp`);
}

/**
 * Deletes a file; a missing file is not an error.
 *
 * @param path - The file.
 * @returns Whether something was removed.
 */
export async function removeIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
    throw error;
  }
}

/**
 * Makes the rename itself durable (POSIX). Best effort: some platforms
 * (Windows) cannot open or fsync a directory, and by now the new content is
 * already in place, so a failure here must not turn success into an error.
 */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, "r");
    await handle.sync();
  } catch {
    // see above
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
