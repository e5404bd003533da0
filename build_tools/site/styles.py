"""The site stylesheet's rules for each language, from its profile
(:mod:`build_tools.languages`): the fonts of its script, its text size where its
script needs another, and how it shows emphasis where its script has no italic."""

from __future__ import annotations

from babel import Locale

from build_tools.languages import Profile, Script, all_scripts, profile

MARK = "/* languages */\n"  # where site.css takes these rules
EMPHASIS = {  # by how a script shows emphasis
    "bold": ("bold", "font-style: normal; font-weight: 700;"),
    "dots": (
        "emphasis dots",
        "font-style: normal; text-emphasis: filled dot; text-emphasis-position: under;",
    ),
}


def _stack(families: list[str], generic: str) -> str:
    return ", ".join(f'"{family}"' for family in dict.fromkeys(families)) + f", {generic}"


def _body_rules() -> list[str]:
    """Every script's faces, the body's script first: a page may quote any language."""
    body = all_scripts()[0]
    stack = _stack([face.family for s in all_scripts() for face in s.faces], body.generic)
    return [
        f":root {{ --md-text-font-family: {stack}; --md-code-font-family: monospace; }}",
        f"body, input {{ font-family: {stack}; }}",
    ]


def _own_faces(script: Script) -> bool:
    return script.faces != all_scripts()[0].faces


def _emphasis_rules(spoken: list[Profile]) -> list[str]:
    shown = [p for p in spoken if p.script.emphasis in EMPHASIS]
    if not shown:
        return []
    english = Locale.parse("en").languages
    kinds = ", ".join(
        f"{EMPHASIS[p.script.emphasis][0]} in {english.get(p.language, p.code)}" for p in shown
    )
    return [
        f"/* Emphasis where the script has no italic: {kinds}. */",
        *(f":lang({p.code}) em {{ {EMPHASIS[p.script.emphasis][1]} }}" for p in shown),
        ", ".join(f":lang({p.code}) .docline p" for p in shown) + " { font-style: normal; }",
    ]


def language_css(codes: list[str]) -> str:
    """The rules for the languages ``codes`` (the project's)."""
    spoken = [profile(code) for code in codes]
    rules = _body_rules()
    for p in spoken:
        if _own_faces(p.script):
            families = [face.family for face in p.script.faces]
            rules.append(
                f":lang({p.code}) {{ font-family: {_stack(families, p.script.generic)}; }}"
            )
    for p in spoken:
        if p.script.site_sizes:
            own, quoted = p.script.site_sizes
            rules.append(f'html[lang="{p.code}"] .md-typeset {{ font-size: {own}; }}')
            rules.append(f'.md-typeset [lang="{p.code}"] {{ font-size: {quoted}; }}')
    return "\n".join([*rules, *_emphasis_rules(spoken)]) + "\n"


def stylesheet(template: str, codes: list[str]) -> str:
    """``site.css`` with the languages' rules where it marks them."""
    return template.replace(MARK, language_css(codes), 1)
