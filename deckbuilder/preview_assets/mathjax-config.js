// MathJax 3.2.2 configured as Anki 26.x configures it for cards (ts/mathjax in Anki's source):
// \(...\) inline (MathJax's default), \[...\] display, no $, no escapes or bare environments.
window.MathJax = {
  tex: {
    displayMath: [["\\[", "\\]"]],
    processEscapes: false,
    processEnvironments: false,
    processRefs: false,
    packages: { "[+]": ["noerrors", "mathtools"], "[-]": ["textmacros"] },
  },
  loader: { load: ["[tex]/noerrors", "[tex]/mathtools"] },
};
