"""Understanding staff messages and filling a form over several turns."""
