// Writes the TeX vocabulary of Anki's MathJax (3.2.2, tex-chtml-full with Anki's package changes) as
// JSON: every macro, delimiter and environment name its configured packages define, read from
// MathJax's own parse tables. deckbuilder/texcheck.py checks formulas against it at build time.
// Regenerate after a MathJax or Anki upgrade:  cd tests/browser && npm ci && node tex_macros.js > ../../deckbuilder/tex_macros.json
const MathJax = require("mathjax");

const ANKI_PACKAGES = { "[+]": ["noerrors", "mathtools"], "[-]": ["textmacros"] };

MathJax.init({
  loader: { load: ["input/tex-full", "adaptors/liteDOM", "[tex]/mathtools"] },
  tex: { packages: ANKI_PACKAGES },
  startup: { typeset: false },
}).then(() => {
  const jax = global.MathJax.startup.input[0];
  const handlers = jax.parseOptions.handlers;
  const names = (kind) => {
    const found = new Set();
    for (const entry of handlers.get(kind)._configuration) {
      const map = entry.item.map;
      if (map) for (const key of map.keys()) found.add(key);
    }
    return Array.from(found).sort();
  };
  // Delimiter tables key their macros with the backslash (\\langle), macro tables without (frac).
  // A bare delimiter such as ( is no macro; \\langle is.
  const named = (name) => name.length > 1 && name.startsWith("\\");
  const macros = [...handlers.get("macro")._configuration, ...handlers.get("delimiter")._configuration]
    .filter((entry) => entry.item.map)
    .flatMap((entry) => Array.from(entry.item.map.keys())
      .filter((name) => !entry.item.name.toLowerCase().includes("delimiter") || named(name)))
    .map((name) => (named(name) ? name.slice(1) : name));
  const vocabulary = {
    mathjax: global.MathJax.version,
    packages: Array.from(new Set(jax.parseOptions.options.packages)).sort(),
    macros: Array.from(new Set(macros)).sort(),
    environments: names("environment"),
  };
  process.stdout.write(JSON.stringify(vocabulary, null, 1) + "\n");
}).catch((error) => {
  console.error(error);
  process.exit(2);
});
