"""The daily digest: one self-contained HTML page (`page`), written daily by the `digest` flow."""
