"""The maximum credit estimate: the rule, its arithmetic and its inputs and results."""
