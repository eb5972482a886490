"""``Analysis``: the findings of ``Redactor.analyze``, with an HTML view for notebooks."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from custombooks_guard._core import Finding

__all__ = ["Analysis"]

# Background colours cycled over entity names, so each entity keeps one colour in a view.
_COLOURS = ("#fde68a", "#bfdbfe", "#fecaca", "#bbf7d0", "#ddd6fe", "#fbcfe8", "#fed7aa")


class Analysis(list["Finding"]):
    """The findings in one text: a ``list`` of ``Finding`` sorted by position.

    In a notebook the result shows as the text with each finding highlighted and labelled with
    its entity. The found values are hidden unless ``to_html(show_values=True)`` requests them,
    so a shared notebook does not spread the PII it was checking.
    """

    # Redactor.analyze builds instances with list.__new__ and sets _text itself, without calling
    # __init__, so a new attribute must be set there too.
    __slots__ = ("_text",)

    def __init__(self, findings: Iterable[Finding], text: str) -> None:
        super().__init__(findings)
        self._text = text

    def __repr__(self) -> str:
        return f"Analysis({list.__repr__(self)})"

    def to_html(self, *, show_values: bool = False) -> str:
        """Return the text as HTML with each finding in a ``<mark>`` labelled by its entity.

        Args:
            show_values: Whether to show the found values; by default each is replaced by
                ``[ENTITY]``.
        """
        colours: dict[str, str] = {}
        parts = ['<div style="white-space: pre-wrap; line-height: 1.8">']
        cursor = 0
        for finding in self:
            colour = colours.setdefault(finding.entity, _COLOURS[len(colours) % len(_COLOURS)])
            parts.append(html.escape(self._text[cursor : finding.start]))
            title = html.escape(f"{finding.entity}, rule {finding.rule}, score {finding.score:.2f}")
            value = self._text[finding.start : finding.end]
            shown = html.escape(value) + " " if show_values else ""
            parts.append(
                f'<mark style="background: {colour}; padding: 0 2px" title="{title}">'
                f"{shown}<b>[{html.escape(finding.entity)}]</b></mark>"
            )
            cursor = finding.end
        parts.append(html.escape(self._text[cursor:]))
        parts.append("</div>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.to_html()
