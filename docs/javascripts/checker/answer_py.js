// The Python glue between JavaScript and the checker, shared by worker.js and the parity test
// (tests/pyodide_runner.mjs), so the test runs exactly the code the browser runs.
// Evaluates to a function: scenario JSON text -> result JSON text, or {"error": {code, field, message}}, which it
// also leaves in Python's globals as ANSWER_NAME: the memory snapshot is saved with it defined (make_snapshot.mjs),
// so a restored worker takes it from there instead of compiling this source again.

export const ANSWER_NAME = "answer";

export const ANSWER_PY = `
import json

import checker


def ${ANSWER_NAME}(text):
    try:
        return json.dumps(checker.check(json.loads(text)), ensure_ascii=False)
    except checker.CheckError as exc:
        return json.dumps(exc.to_dict(), ensure_ascii=False)

${ANSWER_NAME}
`;
