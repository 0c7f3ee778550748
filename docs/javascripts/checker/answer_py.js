// The Python glue between JavaScript and the checker, shared by worker.js and the parity test
// (tests/pyodide_runner.mjs), so the test runs exactly the code the browser runs.
// Evaluates to a function: scenario JSON text -> result JSON text, or {"error": {code, field, message}}.

export const ANSWER_PY = `
import json

import checker


def answer(text):
    try:
        return json.dumps(checker.check(json.loads(text)), ensure_ascii=False)
    except checker.CheckError as exc:
        return json.dumps(exc.to_dict(), ensure_ascii=False)

answer
`;
