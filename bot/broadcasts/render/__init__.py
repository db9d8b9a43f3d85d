"""Pure renderers of broadcasts: the questions, preview, messages and delivery report."""
