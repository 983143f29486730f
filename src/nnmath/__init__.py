"""NN Math Lab helper package (placeholder, filled in below)."""
