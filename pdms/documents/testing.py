"""Reading generated documents back in tests."""

import io

import docx


def docx_lines(content) -> list[str]:
    """Every paragraph of a .docx (bytes or an opened document) in reading order, the
    paragraphs of its layout tables included."""
    document = docx.Document(io.BytesIO(content)) if isinstance(content, bytes) else content
    found = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            found += [p.text for row in block.rows for cell in row.cells for p in cell.paragraphs]
        else:
            found.append(block.text)
    return found
