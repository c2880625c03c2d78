"""Converting journeys to and from other notations: Mermaid's ``journey`` diagram.

``mermaid_read`` reads a Mermaid journey (a ``.mmd`` file or a Markdown file's
```` ```mermaid ```` block) into a journey file; ``mermaid_write`` writes a journey
as a Mermaid diagram and says what Mermaid cannot hold. The score mapping is the
same both ways: emotion = Mermaid score - 3 (docs/convert.md).
"""
