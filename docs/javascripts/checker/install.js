// Put the checker's files (checker-files.json, written by sitegen/runtime.py from the same staged
// package as the wheel) straight into Pyodide's site-packages. Shared by worker.js, the build's snapshot and
// stdlib makers and the parity test, so all of them run the checker exactly as the browser installs it.
//
// Why not loadPackage / `packages: ["checker"]`: installing a wheel imports Pyodide's package machinery and
// its stdlib dependencies (tarfile, email, importlib.metadata: about 0.15 s of a cold start) for a package
// that is a few pure-Python files and one JSON bundle.
//
// manifest: {site_packages: "/lib/python3.13/site-packages", files: {"checker/__init__.py": "<text>", ...}}
export function installChecker(pyodide, manifest) {
  for (const [path, text] of Object.entries(manifest.files)) {
    const full = `${manifest.site_packages}/${path}`;
    pyodide.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
    pyodide.FS.writeFile(full, text);
  }
}
