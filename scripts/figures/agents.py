"""Figures of chapter 20: agent protocols (MCP) and agentic RL."""
from __future__ import annotations

from .style import ACCENT, HEAT, INK, MASKED, MUTED, svg_open, svg_text

_ARROW_DEFS = (f'<defs><marker id="agent-arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
               f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{INK}"/>'
               '</marker></defs>')




def _rect(x: float, y: float, w: float, h: float, stroke: str = INK, fill: str = "none", dash: str = "",
          width: float = 1.5) -> str:
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="6" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{width}"{extra}/>')


def _line(x1: float, y1: float, x2: float, y2: float, stroke: str = INK, both: bool = False,
          width: float = 1.4, arrow: bool = True) -> str:
    marks = ' marker-end="url(#agent-arr)"' if arrow else ""
    if both:
        marks += ' marker-start="url(#agent-arr)"'
    return (f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
            f'stroke-width="{width}"{marks}/>')


def mcp_architecture() -> str:
    """Host with one MCP client per server; each client talks 1:1 to a server over stdio or Streamable HTTP."""
    width, height = 400, 400
    cols = [70, 200, 330]                 # column centres
    p = [svg_open(width, height), _ARROW_DEFS]

    # host box with the model and three clients
    p.append(_rect(6, 8, 388, 152, stroke=HEAT, width=2))
    p.append(svg_text(200, 28, "Host: the AI app (IDE, chat app)", weight="bold"))
    p.append(_rect(150, 40, 100, 30))
    p.append(svg_text(200, 60, "LLM"))
    for i, x in enumerate(cols):
        p.append(_line(200, 70, x, 104, stroke=MUTED, width=1.1))
        p.append(_rect(x - 56, 106, 112, 44))
        p.append(svg_text(x, 125, f"MCP Client {i + 1}", size=12))
        p.append(svg_text(x, 141, "1 : 1 to a server", fill=MUTED, size=12))

    # transports between clients and servers
    transports = ["stdio", "stdio", "Streamable HTTP"]
    for x, t in zip(cols, transports):
        p.append(_line(x, 152, x, 206, both=True))
        p.append(svg_text(x - 6, 184, t, anchor="end", fill=ACCENT, size=12))

    # servers
    servers = [("Server A", "local process"), ("Server B", "local process"), ("Server C", "remote service")]
    for x, (name, where) in zip(cols, servers):
        p.append(_rect(x - 58, 208, 116, 98))
        p.append(svg_text(x, 227, name, weight="bold"))
        p.append(svg_text(x, 243, where, fill=MUTED, size=12))
        for k, prim in enumerate(["Tools", "Resources", "Prompts"]):
            p.append(_rect(x - 44, 251 + k * 17, 88, 15, stroke=MUTED, width=1))
            p.append(svg_text(x, 263 + k * 17, prim, size=12))

    # legend
    legend = [("Tools", "model decides to call (tools/call)"),
              ("Resources", "app picks data for the context"),
              ("Prompts", "user picks a template"),
              ("Client side", "sampling, roots, elicitation")]
    for k, (a, b) in enumerate(legend):
        y = 328 + k * 17
        p.append(svg_text(10, y, a, anchor="start", size=12, weight="bold"))
        p.append(svg_text(96, y, b, anchor="start", size=12))
    p.append(svg_text(200, 396, "messages: JSON-RPC 2.0 (request, response, notification)",
                   fill=MUTED, size=12))
    p.append("</svg>")
    return "".join(p)


def agentic_rl_loss_mask() -> str:
    """One Search-R1 style rollout as a token strip: policy tokens carry loss, retrieved tokens are masked."""
    width, height = 400, 222
    p = [svg_open(width, height), _ARROW_DEFS]
    p.append(svg_text(200, 18, "one rollout = one training sequence", weight="bold"))
    # (label, written by, width, trained?)
    segs = [("prompt", "user", 56, False),
            ("think + search", "policy", 104, True),
            ("retrieved docs", "search engine", 110, False),
            ("think + answer", "policy", 104, True)]
    x = 12
    top, h = 52, 40
    for label, who, w, trained in segs:
        fill = HEAT if trained else MASKED
        p.append(_rect(x, top, w, h, stroke=INK, fill=fill, width=1.2))
        p.append(svg_text(x + w / 2, top + 25, label, fill="#ffffff" if trained else INK, size=12))
        p.append(svg_text(x + w / 2, top - 8, who, fill=MUTED, size=12))
        p.append(svg_text(x + w / 2, top + h + 20, "mask 1" if trained else "mask 0",
                       fill=HEAT if trained else MUTED, size=12, weight="bold"))
        x += w
    p.append(svg_text(388, 140, "one reward at the end: r = EM(answer, gold)", anchor="end", fill=ACCENT, size=12))
    p.append(svg_text(12, 166, "tags: <search> q </search>  <information> … </information>", anchor="start",
                   fill=MUTED, size=12))
    p.append(svg_text(12, 192, "policy-gradient and KL terms: only where mask = 1", anchor="start", size=12))
    p.append(svg_text(12, 210, "tool output is context, not an action to imitate", anchor="start",
                   fill=MUTED, size=12))
    p.append("</svg>")
    return "".join(p)


FIGURES = {"mcp-architecture.svg": mcp_architecture,
           "agentic-rl-loss-mask.svg": agentic_rl_loss_mask}
