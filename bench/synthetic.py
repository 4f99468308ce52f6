"""A synthetic content tree in the deck's format, for measuring how the build scales.

Cards mix what real cards hold: Chinese prose, inline and display math, a Python code block,
a table with math in it, follow-ups, a source and topic/kind tags from a small tags.yaml; one
chapter per thousand cards. Every card's text differs (its number is woven in), so no two
cards render alike, as in a real deck.
"""
from __future__ import annotations

from pathlib import Path

CARDS_PER_CHAPTER = 1000
MEDIA_EVERY = 250  # one card in this many shows the figure

DECK_YAML = """\
title: 合成基准卡组
slug: synthetic-bench
tag_prefix: bench
"""

TAGS_YAML = """\
topics:
  transformer:
    about: 注意力与结构
    attention: 缩放点积注意力
    ffn: 前馈层
  training:
    about: 训练
    optimizer: 优化器
    loss: 损失函数
kinds:
  code: 手写代码
  derivation: 推导
  comparison: 对比
"""

FIGURE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
              '<rect width="40" height="20" fill="none" stroke="#333"/></svg>\n')

TOPICS = ["transformer::attention", "transformer::ffn", "training::optimizer", "training::loss"]
KINDS = ["kind::code", "kind::derivation", "kind::comparison"]

# Indented for a `|` block under a card key (six spaces).
CARD = """\
  - id: card-{n:06d}
    question: 第 {n} 题：缩放点积注意力为什么要除以 $\\sqrt{{d_k}}$？如果 $d_k={dk}$ 会怎样？
    answer: |
      点积 $q^\\top k=\\sum_{{i=1}}^{{d_k}} q_i k_i$ 的方差随 $d_k$ 线性增长（这里 $d_k={dk}$），
      不缩放时 softmax 的输入过大，梯度几乎为零，训练很难收敛。除以 $\\sqrt{{d_k}}$ 之后方差回到 1：

      $$
      \\mathrm{{Attention}}(Q,K,V)=\\mathrm{{softmax}}\\left(\\frac{{QK^\\top}}{{\\sqrt{{d_k}}}}\\right)V
      $$

      第 {n} 张卡的补充：温度 $\\tau={tau}$ 时，分布的熵随 $\\tau$ 增大而增大，$\\tau\\to 0$ 时趋向 one-hot。
    detail: |
      推导：若 $q_i, k_i$ 独立、均值 0、方差 1，则 $\\mathrm{{Var}}(q^\\top k)=d_k$。
      下表对比几种缩放方式（第 {n} 组数据）：

      | 方案 | 缩放 | 方差 |
      |---|---|---|
      | 不缩放 | $1$ | $d_k$ |
      | 本文 | $1/\\sqrt{{d_k}}$ | $1$ |
      | 温度 | $1/\\tau$ | $d_k/\\tau^2$ |

      ```python
      import numpy as np

      rng = np.random.default_rng({n})
      q, k = rng.standard_normal(({dk}, 1000)), rng.standard_normal(({dk}, 1000))
      scores = (q * k).sum(axis=0) / np.sqrt({dk})
      assert abs(scores.var() - 1) < 0.3
      ```
{figure}
    followups:
      - q: 为什么不是除以 $d_k$？
        a: 那样方差变成 $1/d_k$，分布过于平坦，注意力退化为平均。
      - 多头注意力里每个头的 $d_k$ 是多少？
    source: Vaswani et al., 2017, *Attention Is All You Need*
    tags: [{topic}, {kind}]
"""

FIGURE = "\n      ![示意图](figure.svg)\n"


def card_yaml(n: int) -> str:
    figure = FIGURE if n % MEDIA_EVERY == 0 else ""
    return CARD.format(n=n, dk=32 + n % 97, tau=f"{0.5 + n % 7 / 10:.1f}", figure=figure,
                       topic=TOPICS[n % len(TOPICS)], kind=KINDS[n % len(KINDS)])


def write_tree(root: Path, cards: int) -> Path:
    """Write content/ and media/ under ``root``; return the content directory."""
    content, media = root / "content", root / "media"
    content.mkdir(parents=True)
    media.mkdir()
    (content / "deck.yaml").write_text(DECK_YAML, encoding="utf-8")
    (content / "tags.yaml").write_text(TAGS_YAML, encoding="utf-8")
    (media / "figure.svg").write_text(FIGURE_SVG, encoding="utf-8")
    for start in range(0, cards, CARDS_PER_CHAPTER):
        chapter = start // CARDS_PER_CHAPTER + 1
        body = "".join(card_yaml(n) for n in range(start, min(start + CARDS_PER_CHAPTER, cards)))
        (content / f"{chapter:02d}-part-{chapter}.yaml").write_text(
            f"chapter: 第 {chapter} 部分\ncards:\n{body}", encoding="utf-8")
    return content


def edit_one_card(content: Path) -> None:
    """Change one card's answer in the middle chapter, as an author fixing a typo would."""
    chapters = sorted(p for p in content.glob("[0-9][0-9]-*.yaml"))
    path = chapters[len(chapters) // 2]
    text = path.read_text(encoding="utf-8")
    marker = "训练很难收敛。"
    assert marker in text
    path.write_text(text.replace(marker, "训练很难收敛（已修订）。", 1), encoding="utf-8")
