// Brotli copies for nginx's brotli_static (file -> file.br), made once at build time (sitegen/compress.py):
// big, immutable files (Pyodide's wasm, the checker's memory snapshot) are compressed once and harder than
// nginx can afford per request, and nginx then spends no CPU on them.
//
//   node precompress.mjs QUALITY FILE...      (quality 0-11; window 2^24 so repeats far apart are found)
import { readFileSync, writeFileSync, renameSync } from "node:fs";
import zlib from "node:zlib";

const [quality, ...files] = process.argv.slice(2);
for (const file of files) {
  const data = readFileSync(file);
  const out = zlib.brotliCompressSync(data, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: Number(quality),
      [zlib.constants.BROTLI_PARAM_LGWIN]: 24,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    },
  });
  writeFileSync(`${file}.br.tmp`, out);
  renameSync(`${file}.br.tmp`, `${file}.br`);
}
