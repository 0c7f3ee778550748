// A throwaway module worker (runtime.js, compileForNextVisit): it imports Pyodide's JavaScript once more and
// then stays for a moment, because Chromium stores a script's compiled code only after it has run.
const urls = JSON.parse(self.name || "[]").filter((url) => new URL(url).origin === self.location.origin);
Promise.allSettled(urls.map((url) => import(url))).finally(() => setTimeout(() => self.close(), 2000));
