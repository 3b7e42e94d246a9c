"""寻标对标达标创标工作专栏: the data contract, the derived model and the MkDocs plugins."""

__version__ = "0.1.0"
