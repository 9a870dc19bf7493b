"""The model: the spec (one shared vocabulary), spec files, assembly, checks, constraints,
the feature snapshot and the destinations model. Depends on nothing else in docgen."""
