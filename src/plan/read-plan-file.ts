/**
 * Reads the bytes of a plan file and nothing else: a regular file (symlinks followed), opened once and checked on
 * the open handle, read up to a hard cap. `stat().size` decides nothing: it is 0 for devices and /proc files, and a
 * file can grow between a stat and a read, so only the bytes actually read are counted.
 */
import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, readlink, realpath } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';

/** A file that is not a plan for a reason that needs no parsing to know; the loader turns it into a diagnostic. */
export class PlanFileRefused extends Error {}

export interface ReadPlanOptions {
  /** Refuse a path that does not resolve (symlinks followed) inside this directory; the Action's workspace. */
  within?: { directory: string; name: string };
}

/** Returns at most `cap` bytes; throws PlanFileRefused for anything else, the message saying why. */
export async function readPlanBytes(file: string, cap: number, options: ReadPlanOptions = {}): Promise<Buffer> {
  const resolved = options.within ? await resolveWithin(file, options.within) : undefined;
  const target = resolved?.real ?? file;
  let handle: FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever. It changes nothing for a
    // regular file. O_NOFOLLOW: a path already resolved inside the workspace must not be swapped for a symlink.
    const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (options.within ? (constants.O_NOFOLLOW ?? 0) : 0);
    handle = await open(target, flags);
  } catch (error) {
    throw refusedFor(error);
  }
  try {
    // Linux names the file actually opened: a directory on the resolved path swapped for a symlink in between shows.
    if (resolved && options.within) {
      const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
      if (opened !== undefined && !isInside(resolved.root, opened)) throw outsideOf(options.within);
    }
    const info = await handle.stat();
    const kind = kindOf(info);
    if (kind === 'directory') throw new PlanFileRefused('this is a directory; give the path of a plan file');
    if (kind !== 'regular file') {
      throw new PlanFileRefused(`this is a ${kind}, not a regular file; a plan must be a regular file`);
    }
    const tooBig = (size: string) => new PlanFileRefused(`the file is ${size}; a plan may be at most ${mib(cap)}`);
    // The size on the handle names a big file without reading it; the cap below holds whatever the size says.
    if (info.size > cap) throw tooBig(mib(info.size));
    const bytes = await readAtMost(handle, cap + 1);
    if (bytes.length > cap) throw tooBig(`more than ${mib(cap)}`);
    return bytes;
  } catch (error) {
    throw error instanceof PlanFileRefused ? error : refusedFor(error);
  } finally {
    await handle.close();
  }
}

/** Reads until EOF or `limit` bytes, whichever comes first; never asks the file for more than `limit`. */
export async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks, total);
}

async function resolveWithin(
  file: string,
  within: { directory: string; name: string },
): Promise<{ real: string; root: string }> {
  let real: string;
  let root: string;
  try {
    [real, root] = await Promise.all([realpath(file), realpath(within.directory)]);
  } catch (error) {
    throw refusedFor(error);
  }
  if (!isInside(root, real)) throw outsideOf(within);
  return { real, root };
}

function isInside(root: string, path: string): boolean {
  const inside = relative(root, path);
  return !(inside === '..' || inside.startsWith('../') || inside.startsWith('..\\') || isAbsolute(inside));
}

function outsideOf(within: { name: string }): PlanFileRefused {
  return new PlanFileRefused(
    `the plan resolves (symlinks followed) to a file outside the workspace (${within.name}); ` +
      'the Action reads a plan only from inside the workspace',
  );
}

const mib = (bytes: number) =>
  `${Number.isInteger(bytes / 1024 / 1024) ? bytes / 1024 / 1024 : (bytes / 1024 / 1024).toFixed(1)} MiB`;

function kindOf(info: Stats): string {
  if (info.isFile()) return 'regular file';
  if (info.isDirectory()) return 'directory';
  if (info.isCharacterDevice()) return 'character device';
  if (info.isBlockDevice()) return 'block device';
  if (info.isFIFO()) return 'FIFO (named pipe)';
  if (info.isSocket()) return 'socket';
  return 'special file';
}

function refusedFor(error: unknown): PlanFileRefused {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new PlanFileRefused('no such file');
  return new PlanFileRefused(`cannot read the file (${code ?? String(error)})`);
}
