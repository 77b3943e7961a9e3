"""Charts: figures the text gives in words, drawn as PNG pictures off the event loop."""
