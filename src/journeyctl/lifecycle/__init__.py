"""A journey map's life in a repository: what changed across revisions, formatting, new maps."""
