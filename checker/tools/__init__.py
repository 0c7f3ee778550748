"""Maintainer and build-time tools: validate and compile the rules, coverage and source-health reports, the CLI.

Not part of what the browser runs (sitegen's RUNTIME_MODULES lists that); they import the runtime, never the reverse
(except `checker.bundle.load_bundle`, which compiles the rules when a source checkout has no fresh bundle).
"""
