// Night-mode toggle: puts Anki's night-mode classes on every card, as Anki does on the card's body.
// ?night=1 in the address starts in night mode; the choice is remembered for the next page.
(function () {
  function apply(night) {
    document.body.classList.toggle("preview-night", night);
    document.querySelectorAll(".card").forEach(function (card) {
      card.classList.toggle("nightMode", night);
      card.classList.toggle("night_mode", night);
    });
    var button = document.getElementById("night-toggle");
    if (button) button.textContent = night ? "日间模式" : "夜间模式";
  }
  document.addEventListener("DOMContentLoaded", function () {
    var asked = new URLSearchParams(location.search).get("night");
    var stored = null;
    try { stored = localStorage.getItem("preview-night"); } catch (e) {}
    var night = asked !== null ? asked === "1" : stored === "1";
    apply(night);
    var button = document.getElementById("night-toggle");
    if (button) button.addEventListener("click", function () {
      night = !night;
      try { localStorage.setItem("preview-night", night ? "1" : "0"); } catch (e) {}
      apply(night);
    });
  });
})();
