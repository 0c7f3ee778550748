// The memory snapshot and the stdlib zip kept in the browser's origin private file system (OPFS), for repeat
// visits. Only a dedicated worker can use it this way (synchronous access handles).
//
// Why: from the HTTP cache or the service worker's cache, the ~28 MB of these two files arrive at about
// 80-100 MB/s (Chromium hands them over in chunks through its network service, undoing the brotli from the
// HTTP cache on every read), and they hold up the wasm, which needs the same pipe. A synchronous read from
// OPFS takes a few tens of milliseconds. The wasm itself stays with the caches: only a response from them
// gets V8's compiled-code cache.
//
// Files are named after their content-hashed URLs (snapshot-<hash>.bin, python_stdlib-<hash>.zip), written
// under a temporary name and renamed once complete, so a file under its final name is always whole; anything
// else in the folder (an older build's files) is deleted on each save. Nothing personal is stored: the same
// bytes every visitor downloads. Every failure (no OPFS, private mode, quota, an older browser) means "not
// saved" and the checker starts as before.

const FOLDER = "yb-checker";

export const savedName = (url) => new URL(url).pathname.split("/").pop();

async function folder(create) {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(FOLDER, { create });
}

/** The saved copy of `url`'s file as bytes, or null (not saved, unreadable, or OPFS unavailable). */
export async function readSaved(url) {
  try {
    const file = await (await folder(false)).getFileHandle(savedName(url));
    const handle = await file.createSyncAccessHandle();
    try {
      const bytes = new Uint8Array(handle.getSize());
      return handle.read(bytes, { at: 0 }) === bytes.length && bytes.length > 0 ? bytes : null;
    } finally {
      handle.close();
    }
  } catch {
    return null;
  }
}

// A synchronous write holds the worker's thread, and a person's next question may still come while the save
// runs (worker.js starts it after a pause in questions; the benchmark's later answer on a first visit took
// 81-86 ms in two runs of three when the whole 28 MB was written at once, one second after the first answer).
// So the bytes go in 2 MB steps, each its own task, and a question waiting between two steps is answered first.
const STEP = 2 << 20;
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

async function writeInSteps(handle, bytes) {
  for (let at = 0; at < bytes.length; at += STEP) {
    const part = bytes.subarray(at, Math.min(at + STEP, bytes.length));
    if (handle.write(part, { at }) !== part.length) throw new Error("short write");
    await nextTask();
  }
}

/** Save `files` ([url, bytes] pairs) and delete every other file in the folder; true when all were saved. */
export async function save(files) {
  try {
    const dir = await folder(true);
    const keep = new Set(files.map(([url]) => savedName(url)));
    for (const [url, bytes] of files) {
      const part = await dir.getFileHandle(`${savedName(url)}.part`, { create: true });
      if (typeof part.move !== "function") return false; // no atomic rename: save nothing rather than risk half a file
      const handle = await part.createSyncAccessHandle();
      try {
        handle.truncate(0);
        await writeInSteps(handle, bytes);
        handle.flush();
      } finally {
        handle.close();
      }
      await part.move(savedName(url));
    }
    for await (const name of dir.keys()) if (!keep.has(name)) await dir.removeEntry(name);
    return true;
  } catch (exc) {
    console.warn("checker: could not save the snapshot for the next visit", exc);
    return false;
  }
}

/** Delete every saved file (e.g. a saved snapshot that would not restore). */
export async function forget() {
  try {
    const dir = await folder(false);
    for await (const name of dir.keys()) await dir.removeEntry(name);
  } catch {
    // nothing saved
  }
}
