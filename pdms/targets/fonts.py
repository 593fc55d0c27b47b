"""The font with Vietnamese glyphs that the PDF files and the chart images write in."""

from pathlib import Path

from django.utils.translation import gettext as _

from pdms.core.errors import DomainError

# (regular, bold) faces with Vietnamese glyphs, as Debian's fonts-dejavu-core and
# fonts-liberation2 install them; the first one present is used.
PDF_FONTS = (
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"),
)


def pdf_fonts() -> tuple[str, str | None]:
    """The regular and, when installed, bold face of the first font of ``PDF_FONTS``."""
    for regular, bold in PDF_FONTS:
        if Path(regular).is_file():
            return regular, bold if Path(bold).is_file() else None
    raise DomainError(
        _("No font was found for the PDF (%(fonts)s): install fonts-dejavu-core or fonts-liberation2.")
        % {"fonts": ", ".join(regular for regular, _bold in PDF_FONTS)},
        field="format",
    )
