"""The CLI's errors: every problem, each as path:line, non-zero exit, nothing written."""
from conftest import run, write

GOOD = """
chapter: 基础
cards:
  - id: first
    question: 问题一
    answer: 回答一
"""


def test_valid_tree_builds(project, capsys):
    write(project / "content/01-basics.yaml", GOOD)
    code, out, err = run(capsys)
    assert code == 0, err
    assert "1 chapter(s), 1 card(s)" in out
    assert (project / "dist/nlp-llm-interview.apkg").is_file()


def test_yaml_syntax_error_names_file_and_line(project, capsys):
    write(project / "content/01-basics.yaml", """
        chapter: 基础
        cards:
          - id: first
            question: [unclosed
            answer: x
        """)
    code, _, err = run(capsys)
    assert code == 1
    assert err.startswith("content/01-basics.yaml:4: YAML syntax error in the [ ] list that starts here")


def test_unknown_key_suggests_the_near_match(project, capsys):
    write(project / "content/03-peft.yaml", """
        chapter: PEFT
        cards:
          - id: lora
            question: 什么是 LoRA？
            anwser: 低秩适配
        """)
    code, _, err = run(capsys)
    assert code == 1
    assert "content/03-peft.yaml:5: unknown key 'anwser' in a card; did you mean 'answer'?" in err
    assert "content/03-peft.yaml:3: a card is missing required key 'answer'" in err


def test_every_problem_is_reported_not_only_the_first(project, capsys):
    write(project / "content/01-a.yaml", """
        chapter: A
        cards:
          - id: Bad_Id
            question: q
            answer: a
          - id: empty-answer
            question: q
            answer: ""
          - id: dup
            question: 公式 $x^2 没有闭合
            answer: a
        """)
    write(project / "content/02-b.yaml", """
        chapter: B
        cards:
          - id: dup
            question: q
            answer: 见图 ![](missing.svg)
        """)
    code, _, err = run(capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert lines == [
        "content/01-a.yaml:3: bad card id 'Bad_Id': use lowercase ASCII letters, digits and '-', "
        "starting with a letter or digit",
        "content/01-a.yaml:8: 'answer' is empty",
        "content/01-a.yaml:10: '$' has no matching '$' (write \\$ for a literal dollar sign)",
        "content/02-b.yaml:3: duplicate card id 'dup' (also at content/01-a.yaml:9)",
        "content/02-b.yaml:5: image 'missing.svg' not found in media/",
        "content/release.lock.json: warning: no release record yet: every card counts as new; "
        "run `python build_deck.py --release` when you cut the first release",
        "build failed: 5 error(s); nothing was written",
    ]


def test_math_problems_point_at_the_line_inside_a_block(project, capsys):
    write(project / "content/01-a.yaml", """
        chapter: A
        cards:
          - id: one
            question: q
            answer: |
              第一行没问题 $x$
              第二行 \\(a+b 没有闭合
              第三行 \\begin{aligned} a \\end{aligned}

              | 记号 | 含义 |
              |---|---|
              | $|x|$ | 绝对值 |
        """)
    code, _, err = run(capsys)
    assert code == 1
    assert "content/01-a.yaml:7: '\\(' has no matching '\\)'" in err
    assert "content/01-a.yaml:8: '\\begin{...}' outside math" in err
    assert ("content/01-a.yaml:12: '|' inside math in a table row splits the cell; "
            "write \\vert (or \\lvert ... \\rvert, \\mid) instead") in err
    assert err.count("content/01-a.yaml:12:") == 1


def test_non_utf8_file(project, capsys):
    (project / "content/01-a.yaml").write_bytes("chapter: A\ncards:\n  - id: x\n    question: \xe9\n".encode("latin-1"))
    code, _, err = run(capsys)
    assert code == 1
    assert "content/01-a.yaml:4: file is not valid UTF-8 (byte 0xe9); save it as UTF-8" in err


def test_chapter_without_cards_and_bad_file_name(project, capsys):
    write(project / "content/01-a.yaml", "chapter: A\ncards: []\n")
    write(project / "content/Intro.yaml", GOOD)
    code, _, err = run(capsys)
    assert code == 1
    assert "content/01-a.yaml:2: 'cards' must be a non-empty list of cards" in err
    assert "content/Intro.yaml: chapter files are named NN-slug.yaml" in err


def test_bad_tags_and_duplicate_keys(project, capsys):
    write(project / "content/01-a.yaml", """
        chapter: A
        tags: [LLM::PEFT::LoRA, "two words"]
        cards:
          - id: one
            question: q
            question: again
            answer: a
            tags: ["a::::b"]
        """)
    code, _, err = run(capsys)
    assert code == 1
    assert "content/01-a.yaml:2: bad tag 'two words'" in err
    assert "content/01-a.yaml:6: duplicate key 'question' (first on line 5)" in err
    assert "content/01-a.yaml:8: bad tag 'a::::b'" in err


def test_unused_media_is_a_warning_not_an_error(project, capsys):
    write(project / "content/01-a.yaml", GOOD)
    (project / "media/orphan.svg").write_text("<svg/>")
    code, _, err = run(capsys)
    assert code == 0
    assert "media/orphan.svg: warning: media file is not used by any card" in err


def test_unsafe_html_is_refused(project, capsys):
    write(project / "content/01-a.yaml", """
        chapter: A
        cards:
          - id: one
            question: <img src="x.svg" onerror="alert(1)">
            answer: |
              <script>alert(1)</script>

              <a href="java&#x73;cript:alert(1)">link</a>
        """)
    (project / "media/x.svg").write_text("<svg/>")
    code, _, err = run(capsys)
    assert code == 1
    assert "content/01-a.yaml:4: event-handler attribute 'onerror' on <img> is not allowed" in err
    assert "content/01-a.yaml:6: <script> is not allowed in card content" in err
    assert "content/01-a.yaml:8: script URL in 'href' on <a> is not allowed" in err


def test_failed_build_keeps_the_last_good_deck(project, capsys):
    chapter = write(project / "content/01-a.yaml", GOOD)
    assert run(capsys)[0] == 0
    deck = project / "dist/nlp-llm-interview.apkg"
    good = deck.read_bytes()
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("answer:", "anwser:"), encoding="utf-8")
    assert run(capsys)[0] == 1
    assert deck.read_bytes() == good
    assert sorted(p.name for p in deck.parent.iterdir()) == ["CHANGES.md", deck.name]


def test_check_writes_nothing(project, capsys):
    write(project / "content/01-a.yaml", GOOD)
    code, out, _ = run(capsys, "--check")
    assert code == 0
    assert "check passed; nothing written (--check)" in out
    assert not (project / "dist").exists()


def test_deck_yaml_settings_and_errors(project, capsys):
    write(project / "content/01-a.yaml", GOOD)
    write(project / "content/deck.yaml", "title: 我的面试卡\nslug: my-deck\ndescriptoin: x\n")
    code, _, err = run(capsys)
    assert code == 1
    assert "content/deck.yaml:3: unknown key 'descriptoin' in deck.yaml; did you mean 'description'?" in err
    write(project / "content/deck.yaml", "title: 我的面试卡\nslug: my-deck\n")
    code, out, _ = run(capsys)
    assert code == 0
    assert out.startswith("我的面试卡: 1 chapter(s)")
    assert (project / "dist/my-deck.apkg").is_file()


def test_environment_and_output_errors_are_messages_not_tracebacks(project, capsys, monkeypatch):
    write(project / "content/01-a.yaml", GOOD)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    code, _, err = run(capsys)
    assert code == 1
    assert err.startswith("SOURCE_DATE_EPOCH: SOURCE_DATE_EPOCH must be an integer (seconds since 1970), got 'yesterday'")
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    (project / "blocked").write_text("a file where a folder should be")
    code, _, err = run(capsys, "--out", "blocked/deck.apkg")
    assert code == 1
    assert err.startswith("blocked/deck.apkg: cannot write the package: ")
    assert "Traceback" not in err
    code, _, err = run(capsys, "--preview", "blocked/site", "--mathjax", "https://example.org/tex-chtml-full.js")
    assert code == 1
    assert err.startswith("blocked/site: cannot write the preview: ")


def test_missing_content_directory_is_one_error(project, capsys):
    code, _, err = run(capsys, "--content", "nowhere")
    assert code == 1
    assert err == (f"{(project / 'nowhere').resolve()}: content directory not found (give its path with --content)\n"
                   "build failed: 1 error(s); nothing was written\n")


def test_deck_description_gets_the_card_checks(project, capsys):
    write(project / "content/01-a.yaml", GOOD)
    write(project / "content/deck.yaml", """
        description: |
          卡组说明 <script>alert(1)</script>
          ![图](missing.svg)
        """)
    code, _, err = run(capsys, "--check")
    assert code == 1
    assert "content/deck.yaml:2: <script> is not allowed in card content" in err
    assert "content/deck.yaml:2: image 'missing.svg' not found in media/" in err
