"""Block Kit for the neutral vocabulary: `Reply` → message blocks, `Form` → modal view, and a
submitted modal's state → the values a handler takes."""
