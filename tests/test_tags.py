"""The topic-tag scheme: a controlled vocabulary in content/tags.yaml, checked at build time,
and tag trees in Anki that collect one topic from every chapter."""
from pathlib import Path


from conftest import import_package, options, run, write
from deckbuilder import pipeline

VOCABULARY = """
topics:
  peft:
    about: 参数高效微调
    lora: LoRA
    prompt-based: Prefix / Prompt Tuning
  inference:
    quantization: 量化
kinds:
  code: 手写代码
"""

PEFT_CHAPTER = """
chapter: PEFT
cards:
  - id: lora
    question: LoRA 是什么？
    answer: 低秩增量。
    tags: [peft::lora, kind::code]
  - id: prompt-tuning
    question: Prompt Tuning 是什么？
    answer: 只训练软提示。
    tags: [peft, peft::prompt-based]
"""

INFERENCE_CHAPTER = """
chapter: 推理
cards:
  - id: qlora
    question: QLoRA 量化了什么？
    answer: 冻结的底座权重。
    tags: [inference::quantization, peft::lora]
"""


def write_tree(project, chapters=(PEFT_CHAPTER, INFERENCE_CHAPTER), vocabulary=VOCABULARY):
    if vocabulary is not None:
        write(project / "content/tags.yaml", vocabulary)
    for number, (slug, text) in enumerate(zip(("peft", "inference"), chapters), start=1):
        write(project / f"content/0{number}-{slug}.yaml", text)


def test_one_topic_search_finds_cards_of_every_chapter(project, capsys, open_collection):
    write_tree(project)
    assert run(capsys)[0] == 0
    import_package(project / "col.anki2", project / "dist/nlp-llm-interview.apkg")
    col = open_collection(project / "col.anki2")

    def ids(search):
        return sorted(col.get_note(n)["ID"] for n in col.find_notes(search))

    assert ids("tag:nlp-interview::topic::peft") == ["lora", "prompt-tuning", "qlora"]
    assert ids("tag:nlp-interview::topic::peft::lora") == ["lora", "qlora"]
    assert ids("tag:nlp-interview::chapter::02-inference") == ["qlora"]
    assert ids("tag:nlp-interview::kind::code") == ["lora"]
    # a parent topic written next to a sub-topic adds nothing, so it is not packaged twice
    prompt = col.get_note(col.find_notes("ID:prompt-tuning")[0])
    assert sorted(prompt.tags) == ["nlp-interview::chapter::01-peft", "nlp-interview::topic::peft::prompt-based"]


def test_unknown_tag_names_file_line_and_the_likely_tag(project, capsys):
    write_tree(project, chapters=(PEFT_CHAPTER.replace("[peft::lora, kind::code]", "[lora, kind::cod]"),
                                  INFERENCE_CHAPTER.replace("inference::quantization", "Quantization")))
    code, _, err = run(capsys)
    assert code == 1
    assert ("content/01-peft.yaml:6: unknown tag 'lora': not in content/tags.yaml; "
            "did you mean 'peft::lora'?") in err
    assert "content/01-peft.yaml:6: unknown tag 'kind::cod': not in content/tags.yaml; " \
           "did you mean 'kind::code'?" in err
    assert "content/02-inference.yaml:6: unknown tag 'Quantization'" in err
    assert "did you mean 'inference::quantization'?" in err
    assert not (project / "dist").exists()


def test_card_without_topic_is_an_error_unless_its_file_gives_one(project, capsys):
    untagged = PEFT_CHAPTER.replace("    tags: [peft, peft::prompt-based]\n", "")
    write_tree(project, chapters=(untagged, INFERENCE_CHAPTER))
    code, _, err = run(capsys)
    assert code == 1
    assert "content/01-peft.yaml:7: card 'prompt-tuning' has no topic tag" in err

    write_tree(project, chapters=(untagged.replace("chapter: PEFT\n", "chapter: PEFT\ntags: [peft]\n"),
                                  INFERENCE_CHAPTER))
    assert run(capsys)[0] == 0


def test_bad_vocabulary_file_is_reported_with_lines(project, capsys):
    write_tree(project, vocabulary="""
        topics:
          peft:
            LoRA: 大写不行
            lora: [a, list]
        colours: {}
        """)
    code, _, err = run(capsys)
    assert code == 1
    assert "content/tags.yaml:3: bad tag name 'LoRA'" in err
    assert "content/tags.yaml:4: topic 'peft::lora' must have a description or sub-topics" in err
    assert "content/tags.yaml:5: unknown key 'colours' in tags.yaml" in err


def test_without_vocabulary_tags_are_free_but_chapter_tag_is_added(project, capsys):
    write_tree(project, vocabulary=None,
               chapters=(PEFT_CHAPTER.replace("[peft::lora, kind::code]", "[anything::goes]"), INFERENCE_CHAPTER))
    result = pipeline.package_deck(options(Path("content"), out=Path("dist/deck.apkg")))
    assert result.ok, result.problems
    lora = next(c for ch in result.chapters for c in ch.cards if c.id == "lora")
    assert lora.tags == ("nlp-interview::chapter::01-peft", "nlp-interview::anything::goes")
