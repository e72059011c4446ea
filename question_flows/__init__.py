"""The TPM question bank and interview flows: YAML data plus its schema and loader."""
from .loader import DataFileError, get_flow, load_bank, load_flows, load_model
from .schema import CATEGORIES, LEVELS, Area, Flow, FollowUp, Persona, Question

__all__ = [
    "CATEGORIES", "LEVELS", "Area", "DataFileError", "Flow", "FollowUp", "Persona", "Question",
    "get_flow", "load_bank", "load_flows", "load_model",
]
