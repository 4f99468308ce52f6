// Runs in the preview page after MathJax has typeset it. Returns {problems, fit}: one record per
// problem, {card, kind, detail}, and counts of what is wider than the phone. Checks every card, with
// its folded detail opened: MathJax parse errors, TeX delimiters left as raw text, content wider
// than the card (except inside elements made to scroll), a formula of the spoken answer wider than
// the card, and a box that scrolls without the shadow that tells a phone reader so.
(viewportWidth) => {
  const problems = [];
  for (const details of document.querySelectorAll("details")) details.open = true;
  const cardOf = (node) => {
    const article = node.closest && node.closest("article.preview-card");
    return article ? article.dataset.cardId : "(outside any card)";
  };
  const texOf = new Map();
  for (const item of Array.from(MathJax.startup.document.math)) {
    const root = item.typesetRoot;
    if (!root) continue;
    texOf.set(root, item.math);
    item.root.walkTree((node) => {
      if (node.isKind("merror")) {
        problems.push({ card: cardOf(root), kind: "MathJax error",
                        detail: `${node.attributes.get("data-mjx-error") || "merror"} in: ${item.math}` });
      }
    });
  }

  const delimiters = /\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{/;
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const parent = text.parentElement;
    if (parent.closest("pre, code, mjx-container, script, style")) continue;
    if (delimiters.test(text.data)) {
      problems.push({ card: cardOf(parent), kind: "raw TeX", detail: text.data.trim().slice(0, 160) });
    }
  }

  const scrollers = "pre, table, .math-display";
  const describe = (el) => texOf.has(el) ? `formula ${texOf.get(el)}` :
    `<${el.tagName.toLowerCase()}> ${(el.textContent || "").trim().slice(0, 80)}`;
  for (const card of document.querySelectorAll("article.preview-card .card")) {
    const box = card.getBoundingClientRect();
    const limit = Math.min(box.right, viewportWidth) + 0.5;
    for (const el of card.querySelectorAll("*")) {
      const scroller = el.parentElement.closest(scrollers);
      if (scroller && card.contains(scroller)) continue;  // inside something that scrolls on purpose
      if (el.parentElement.closest("mjx-container")) continue;  // measured as a whole formula
      const rect = el.getBoundingClientRect();
      if (rect.width > 0 && rect.right > limit) {
        problems.push({ card: cardOf(card), kind: "wider than the phone screen",
                        detail: `${describe(el)} (right edge ${Math.round(rect.right)} px > ${Math.round(limit)} px)` });
      }
    }
  }
  // What scrolls sideways, by kind and by where it is: the answer must never need it.
  const fit = { cards: 0, answerFormulas: 0, displayMath: 0, tables: 0, code: 0, cardsWithDisplayMath: 0,
                cardsWithOverflowingDisplayMath: 0, tablesTotal: 0, codeTotal: 0, worstCode: 1 };
  for (const card of document.querySelectorAll("article.preview-card .card")) {
    if (!card.querySelector(".answer")) continue;  // the front; its back is measured
    fit.cards += 1;
    const displays = card.querySelectorAll(".math-display");
    if (displays.length) fit.cardsWithDisplayMath += 1;
    let overflowingDisplay = false;
    for (const box of card.querySelectorAll(scrollers)) {
      const over = box.scrollWidth > box.clientWidth + 1;
      if (box.matches("table")) fit.tablesTotal += 1;
      if (box.matches("pre")) fit.codeTotal += 1;
      if (!over) continue;
      const inAnswer = !!box.closest(".answer");
      if (box.matches(".math-display")) {
        overflowingDisplay = true;
        fit.displayMath += 1;
        if (inAnswer) {
          fit.answerFormulas += 1;
          problems.push({ card: cardOf(card), kind: "answer formula wider than the phone screen",
                          detail: `${describe(box.querySelector("mjx-container") || box)} ` +
                                  `(${box.scrollWidth} px in ${box.clientWidth} px)` });
        }
      } else if (box.matches("table")) fit.tables += 1;
      else {
        fit.code += 1;
        fit.worstCode = Math.max(fit.worstCode, box.scrollWidth / box.clientWidth);
      }
      const style = getComputedStyle(box);
      if (!style.backgroundAttachment.includes("local") || !style.backgroundImage.includes("gradient")) {
        problems.push({ card: cardOf(card), kind: "scrolls without a visible cue",
                        detail: `<${box.tagName.toLowerCase()}> has no scroll shadow (${style.backgroundImage.slice(0, 60)})` });
      }
    }
    if (overflowingDisplay) fit.cardsWithOverflowingDisplayMath += 1;
  }

  // Chinese closing punctuation never starts a line (it would, after a formula, without the renderer's join).
  const closing = "。，、；：？！）";
  for (const block of document.querySelectorAll("article.preview-card .card p, article.preview-card .card li")) {
    const left = block.getBoundingClientRect().left + parseFloat(getComputedStyle(block).paddingLeft);
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (t.parentElement.closest("mjx-container, pre, code, li li")) continue;
      for (let i = 0; i < t.data.length; i++) {
        if (!closing.includes(t.data[i])) continue;
        const range = document.createRange();
        range.setStart(t, i);
        range.setEnd(t, i + 1);
        const rect = range.getClientRects()[0];
        if (rect && rect.width > 0 && rect.left - left < 1.5 && t.data.slice(0, i).trim() === "" &&
            t.previousSibling) {
          problems.push({ card: cardOf(block), kind: "line starts with closing punctuation",
                          detail: (t.previousSibling.textContent || "").slice(-30) + t.data.slice(i, i + 20) });
        }
      }
    }
  }

  if (document.documentElement.scrollWidth > viewportWidth) {
    problems.push({ card: "(page)", kind: "wider than the phone screen",
                    detail: `page scroll width ${document.documentElement.scrollWidth} px` });
  }

  // Mark one element per card whose own text is Chinese, for the font check done over CDP.
  const cjk = /[\u4e00-\u9fff]/;
  for (const article of document.querySelectorAll("article.preview-card")) {
    const candidates = article.querySelectorAll(".card *");
    const probe = Array.from(candidates).find((el) =>
      Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && cjk.test(n.data)));
    if (probe) probe.setAttribute("data-cjk-probe", article.dataset.cardId);
  }
  return { problems, fit };
}
