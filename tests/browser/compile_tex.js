// Compile formulas with MathJax 3.2.2 and Anki's TeX packages, minus the error-swallowing
// noerrors/noundefined, so that every parse error and undefined macro is reported.
// stdin: JSON [{card, tex, display}]  stdout: JSON [{card, tex, error}] of the failures.
const MathJax = require("mathjax");

const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
MathJax.init({
  loader: { load: ["input/tex-full", "output/chtml", "adaptors/liteDOM", "[tex]/mathtools"] },
  tex: {
    packages: { "[+]": ["mathtools"], "[-]": ["textmacros", "noerrors", "noundefined"] },
    formatError: (jax, error) => { throw error; },
  },
  startup: { typeset: false },
}).then((mj) => {
  const failures = [];
  for (const formula of input) {
    try {
      mj.tex2chtml(formula.tex, { display: formula.display });
    } catch (error) {
      failures.push({ card: formula.card, tex: formula.tex, error: error.message });
    }
  }
  process.stdout.write(JSON.stringify(failures));
}).catch((error) => {
  console.error(error);
  process.exit(2);
});
