// The study site's behaviour, in plain JavaScript that works from file:// without a server.
// Night mode puts Anki's night-mode classes on every card, as Anki does on the card's body
// (?night=1 in the address starts in it). Self-quiz hides each back until it is tapped. Both
// choices are remembered for the next page. On the index, the search filters questions and
// answers as one types; "random" jumps to a card within the current filter (the chapter on a
// chapter page).
(function () {
  function remembered(key) { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function remember(key, value) { try { localStorage.setItem(key, value); } catch (e) {} }

  function applyNight(night) {
    document.body.classList.toggle("preview-night", night);
    document.querySelectorAll(".card").forEach(function (card) {
      card.classList.toggle("nightMode", night);
      card.classList.toggle("night_mode", night);
    });
    var button = document.getElementById("night-toggle");
    if (button) button.textContent = night ? "日间模式" : "夜间模式";
  }

  function applyQuiz(quiz) {
    document.body.classList.toggle("quiz", quiz);
    document.querySelectorAll(".preview-back").forEach(function (back) { back.classList.remove("revealed"); });
    var button = document.getElementById("quiz-toggle");
    if (button) {
      button.textContent = quiz ? "退出自测" : "自测";
      button.setAttribute("aria-pressed", quiz ? "true" : "false");
    }
  }

  function search(index, query, chapter, topic) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    return index.filter(function (card) {
      if (chapter && card.chapter !== chapter) return false;
      if (topic && !card.topics.some(function (t) { return t === topic || t.indexOf(topic + "::") === 0; })) return false;
      var text = (card.q + " " + card.a + " " + card.id).toLowerCase();
      return terms.every(function (term) { return text.indexOf(term) >= 0; });
    });
  }

  function setUpIndex() {
    var data = document.getElementById("search-index");
    if (!data) return null;
    var index = JSON.parse(data.textContent);
    var input = document.getElementById("search");
    var chapter = document.getElementById("chapter-filter");
    var topic = document.getElementById("topic-filter");
    var results = document.getElementById("results");
    var count = document.getElementById("result-count");
    var chapters = document.getElementById("chapters");
    var current = index;
    function update() {
      var filtering = input.value.trim() || chapter.value || topic.value;
      current = search(index, input.value, chapter.value, topic.value);
      results.textContent = "";
      chapters.hidden = !!filtering;
      count.textContent = filtering ? "找到 " + current.length + " 张卡" : "共 " + index.length + " 张卡";
      if (!filtering) return;
      current.slice(0, 200).forEach(function (card) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = card.href;
        link.textContent = card.q;
        item.appendChild(link);
        var answer = document.createElement("div");
        answer.className = "result-answer";
        answer.textContent = card.excerpt;
        item.appendChild(answer);
        results.appendChild(item);
      });
      if (window.MathJax && MathJax.typesetPromise) {
        MathJax.startup.promise.then(function () { return MathJax.typesetPromise([results]); });
      }
    }
    [input, chapter, topic].forEach(function (el) { el.addEventListener("input", update); });
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) input.value = asked;
    update();
    return function () { return current.map(function (card) { return card.href; }); };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var asked = new URLSearchParams(location.search).get("night");
    var night = asked !== null ? asked === "1" : remembered("preview-night") === "1";
    applyNight(night);
    document.getElementById("night-toggle").addEventListener("click", function () {
      night = !night;
      remember("preview-night", night ? "1" : "0");
      applyNight(night);
    });

    var quiz = remembered("preview-quiz") === "1";
    applyQuiz(quiz);
    document.getElementById("quiz-toggle").addEventListener("click", function () {
      quiz = !quiz;
      remember("preview-quiz", quiz ? "1" : "0");
      applyQuiz(quiz);
    });
    document.querySelectorAll(".preview-back").forEach(function (back) {
      back.addEventListener("click", function () { back.classList.add("revealed"); });
    });

    var filtered = setUpIndex();
    document.getElementById("random-card").addEventListener("click", function () {
      var targets = filtered ? filtered() : Array.prototype.map.call(
        document.querySelectorAll("article.preview-card"), function (a) { return "#" + a.id; });
      if (!targets.length) return;
      var target = targets[Math.floor(Math.random() * targets.length)];
      if (target.charAt(0) === "#") {
        document.querySelectorAll(".preview-back.revealed").forEach(function (b) { b.classList.remove("revealed"); });
        location.hash = target;
      } else {
        location.href = target;
      }
    });
  });
})();
