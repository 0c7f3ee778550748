// The page's words: every string the checker's JavaScript shows comes from checker/messages.py PAGE_TEXT, which
// the build puts into vocab.json as `text` (sitegen/runtime.py form_vocab). No wording lives in this folder
// (tests/site/test_page_text.py). A key is always written out where it is used, say(vocab, "key") (or as a field's
// label or blank in form.js FIELDS), so that the test can match the keys used here with those in PAGE_TEXT.

/** The text for `key` with its {name} placeholders filled from `values`; the key itself if there is no text. */
export function say(vocab, key, values = {}) {
  const template = vocab?.text?.[key];
  if (typeof template !== "string") return key; // no vocabulary (it failed to load): never a blank
  const given = (name) => Object.prototype.hasOwnProperty.call(values, name);
  return template.replace(/\{(\w+)\}/g, (whole, name) => (given(name) ? String(values[name]) : whole)); // one pass
}
