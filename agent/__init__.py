"""The interview: state, LangGraph graph, brains, grading, sessions, reports, CLI."""
