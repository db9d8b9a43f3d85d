"""Pure renderers of a report: the summary text, the charts, the PDF and the CSV."""
